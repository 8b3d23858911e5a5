"""A backup restores into an empty installation with every row and every file intact."""

import json
import zipfile

import boto3
import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from moto import mock_aws

from prongsai.core import backup
from prongsai.core.demo import load_demo
from prongsai.core.models import Job, Organisation
from prongsai.core.storage import local_path, stored_names

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict[str, list]:
    rows = {}
    for model in backup._models():
        data = serializers.serialize("python", model._base_manager.order_by("pk"))
        rows[model._meta.label_lower] = data
    return rows


def every_file() -> dict[str, bytes]:
    files = {}
    for name in stored_names():
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def wipe(settings, tmp_path):
    """An empty installation: every table emptied, a fresh media folder or bucket."""
    call_command("flush", interactive=False, verbosity=0)
    if settings.S3_BUCKET:
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="restored")
        settings.STORAGES = s3_storages("restored")
    else:
        settings.MEDIA_ROOT = tmp_path / "restored-media"


def s3_storages(bucket: str) -> dict:
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": bucket}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(params=["disk", "s3"])
def file_store(request, settings, monkeypatch):
    """Uploaded files on local disk, or in an S3 bucket (moto's in-process S3, no network)."""
    if request.param == "disk":
        settings.S3_BUCKET = ""
        yield request.param
        return
    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="prongsai")
        settings.S3_BUCKET = "prongsai"
        settings.STORAGES = s3_storages("prongsai")
        yield request.param


def test_backup_then_restore_gives_back_every_row_and_file(settings, tmp_path, file_store):
    load_demo()
    job = Job.objects.create(kind="ita.import", organisation=Organisation.objects.first())
    job.upload.save("ita.csv", ContentFile(b"org_code,year\n" + "ภาษาไทย".encode()))
    before_rows, before_files = every_row(), every_file()
    assert "ภาษาไทย".encode() in b"".join(before_files.values())
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))

    wipe(settings, tmp_path)
    assert not Organisation.objects.exists()
    call_command("restore", str(archive))

    after_rows = every_row()
    for label in before_rows:
        for a, b in zip(before_rows[label], after_rows[label], strict=True):
            diff = {k: (v, b["fields"].get(k)) for k, v in a["fields"].items() if b["fields"].get(k) != v}
            assert not diff, (label, diff)
    assert after_rows == before_rows
    assert every_file() == before_files
    call_command("audit", "verify")  # the hash chains survive the trip
    assert Organisation.objects.create(slug="after", name_th="ใหม่", kind="sao", province="x").pk > max(
        o.pk for o in Organisation.objects.exclude(slug="after")
    )


def test_restore_refuses_a_damaged_archive_and_a_full_database(settings, tmp_path):
    load_demo()
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == backup.DATA_MEMBER:
                data = data.replace("บ่อพลอย".encode(), "บ่อทอง".encode(), 1)
            dst.writestr(info, data)
    wipe(settings, tmp_path)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged))
    assert not Organisation.objects.exists()


def test_every_model_is_in_the_backup():
    names = {m._meta.label_lower for m in backup._models()}
    ours = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("prongsai.")}
    assert ours <= names
    assert json.loads(json.dumps(sorted(names)))


def test_a_stored_file_has_a_local_path_for_renderers_wherever_it_lives(file_store):
    name = default_storage.save("documents/emblem.png", ContentFile(b"\x89PNG emblem"))
    path = local_path(name)
    assert path.read_bytes() == b"\x89PNG emblem"
    assert local_path(name) == path  # copied from a bucket once, then reused
