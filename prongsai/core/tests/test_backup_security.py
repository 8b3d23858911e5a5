"""A backup archive is authenticated: restore refuses an edited, padded or traversing archive.

The review edited `database.json`, recomputed the manifest's hash and became superuser on restore,
and saw a member outside the manifest written to disk. Each case here must be refused before
anything is written, with the database left empty.
"""

import hashlib
import hmac
import json
import stat
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from prongsai.core import backup
from prongsai.core.models import Organisation, User
from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def keys_and_media(settings, tmp_path):
    settings.BACKUP_KEY = "test-backup-key-kept-apart-from-the-archives"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.S3_BUCKET = ""


@pytest.fixture
def archive(tmp_path):
    org = make_org()
    make_staff(org, username="clerk")
    default_storage.save("documents/letter.txt", ContentFile("หนังสือ".encode()))
    path = tmp_path / "backup.zip"
    call_command("backup", str(path))
    return path


def empty_installation(settings, tmp_path):
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"


def rebuild(src, dst, *, change=None, extra=(), manifest_for_extra=False, resign_with=None) -> None:
    """Copy an archive member by member the way an attacker would, recomputing the manifest."""
    with zipfile.ZipFile(src) as old:
        original = old.read(backup.MANIFEST)
        manifest = json.loads(original)
        signature = old.read(backup.SIGNATURE)
        members = {i.filename: old.read(i) for i in old.infolist() if i.filename != backup.MANIFEST}
    members.pop(backup.SIGNATURE)
    if change:
        for name, data in list(members.items()):
            members[name] = change(name, data)
            manifest["members"][name] = hashlib.sha256(members[name]).hexdigest()
    with zipfile.ZipFile(dst, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)
        for info, data in extra:
            new.writestr(info, data)
            if manifest_for_extra:
                name = getattr(info, "filename", info)
                manifest["members"][name] = hashlib.sha256(data).hexdigest()
        body = json.dumps(manifest).encode() if change or manifest_for_extra else original
        new.writestr(backup.MANIFEST, body)
        if resign_with:
            signature = hmac.new(resign_with.encode(), body, hashlib.sha256).hexdigest().encode()
        new.writestr(backup.SIGNATURE, signature)


def make_superuser(name: str, data: bytes) -> bytes:
    if name != backup.DATA_MEMBER:
        return data
    lines = []
    for line in data.decode().splitlines():
        row = json.loads(line)
        if row["model"] == "core.user" and row["fields"]["username"] == "clerk":
            row["fields"]["is_superuser"] = row["fields"]["is_staff"] = True
        lines.append(json.dumps(row, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def refused(path, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path))
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_an_intact_archive_restores(archive, settings, tmp_path):
    empty_installation(settings, tmp_path)
    call_command("restore", str(archive))
    assert not User.objects.get(username="clerk").is_superuser
    with default_storage.open("documents/letter.txt") as fh:
        assert fh.read().decode() == "หนังสือ"


def test_an_edited_database_with_its_manifest_hash_recomputed_is_refused(archive, settings, tmp_path):
    edited = tmp_path / "edited.zip"
    rebuild(archive, edited, change=make_superuser)
    empty_installation(settings, tmp_path)
    refused(edited, "signature does not match")


def test_an_archive_signed_with_another_key_is_refused(archive, settings, tmp_path):
    edited = tmp_path / "edited.zip"
    rebuild(archive, edited, change=make_superuser, resign_with="a-key-the-attacker-guessed")
    empty_installation(settings, tmp_path)
    refused(edited, "signature does not match")


def test_a_member_outside_the_manifest_is_refused_and_not_written(archive, settings, tmp_path):
    padded = tmp_path / "padded.zip"
    rebuild(archive, padded, extra=[("media/documents/extra.html", b"<script>alert(1)</script>")])
    empty_installation(settings, tmp_path)
    refused(padded, "not in the manifest")
    assert not (tmp_path / "restored-media" / "documents" / "extra.html").exists()


@pytest.mark.parametrize(
    "name", ["media/../../evil.txt", "../evil.txt", "/tmp/evil.txt", "media/..\\..\\evil.txt", "media/./a"]
)
def test_a_traversing_member_is_refused_even_when_listed_and_signed(archive, settings, tmp_path, name):
    bad = tmp_path / "bad.zip"
    rebuild(archive, bad, extra=[(name, b"owned")], manifest_for_extra=True, resign_with=settings.BACKUP_KEY)
    empty_installation(settings, tmp_path)
    refused(bad, "unsafe name")
    assert not (tmp_path / "evil.txt").exists()


def test_a_symlink_member_is_refused(archive, settings, tmp_path):
    link = zipfile.ZipInfo("media/documents/passwd")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = tmp_path / "link.zip"
    key = settings.BACKUP_KEY
    rebuild(archive, bad, extra=[(link, b"/etc/passwd")], manifest_for_extra=True, resign_with=key)
    empty_installation(settings, tmp_path)
    refused(bad, "not a plain file")


def test_the_database_is_written_as_json_lines_in_a_signed_zip(archive):
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert names == {backup.DATA_MEMBER, "media/documents/letter.txt", backup.MANIFEST, backup.SIGNATURE}
        first = zf.open(backup.DATA_MEMBER).readline()
    assert json.loads(first)["model"]  # one row per line: restore reads it line by line


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump mode needs PostgreSQL")
def test_pg_dump_mode_round_trips_and_is_signed_too(settings, tmp_path):
    org = make_org()
    make_staff(org, username="clerk")
    path = tmp_path / "pg.zip"
    call_command("backup", str(path), "--mode", "pg_dump")
    with zipfile.ZipFile(path) as zf:
        assert backup.PG_DUMP_MEMBER in zf.namelist()
    edited = tmp_path / "edited.zip"
    rebuild(path, edited, change=lambda name, data: data + b"\0" if name == backup.PG_DUMP_MEMBER else data)
    empty_installation(settings, tmp_path)
    refused(edited, "signature does not match")
    call_command("restore", str(path))
    assert User.objects.get(username="clerk").organisation.slug == org.slug
    call_command("audit", "verify")
