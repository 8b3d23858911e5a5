"""Backups that restore: the database and the uploaded files in one archive.

The database is written with Django's serializer inside one transaction (REPEATABLE READ on
PostgreSQL), so every table comes from the same moment; files are copied byte for byte through
the storage API (local disk or S3-compatible store alike), so encrypted content stays encrypted.
A manifest lists each member with its SHA-256, and restore checks them before it writes anything.
Restore expects an empty, migrated database.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import time
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from prongsai.core.storage import stored_names
from prongsai.thai.errors import BilingualError

FORMAT_VERSION = 1
DATA_MEMBER = "database.json"
MANIFEST = "manifest.json"
# Rebuilt by migrations, or session state not worth keeping.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


class BackupError(BilingualError):
    """An archive that cannot be restored, or a target that must not be overwritten."""


def _models():
    return [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED_MODELS and m._meta.managed]


def _dump_database() -> bytes:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects = (obj for model in _models() for obj in model._base_manager.order_by("pk").iterator())
        records = serializers.serialize("python", objects)
    return json.dumps(records, cls=ExactEncoder, ensure_ascii=False).encode()


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON encoder cuts times to milliseconds; a backup must keep every microsecond
    (the audit log's hashes include them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


def create(path: Path) -> dict:
    """Write the archive; returns its manifest."""
    data = _dump_database()
    manifest = {"format": FORMAT_VERSION, "created": time.time(), "members": {}}
    manifest["members"][DATA_MEMBER] = hashlib.sha256(data).hexdigest()
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, DATA_MEMBER, data)
        for stored in stored_names():
            with default_storage.open(stored, "rb") as handle:
                content = handle.read()
            name = "media/" + stored
            manifest["members"][name] = hashlib.sha256(content).hexdigest()
            _add(archive, name, content)
        _add(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest


def _read_checked(path: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError("อ่านไฟล์สำรองข้อมูลไม่ได้", f"cannot read the backup: {exc}") from None
    if MANIFEST not in members:
        raise BackupError("ไฟล์สำรองไม่มีรายการตรวจสอบ", "the backup has no manifest")
    manifest = json.loads(members.pop(MANIFEST))
    for name, digest in manifest["members"].items():
        if name not in members or hashlib.sha256(members[name]).hexdigest() != digest:
            raise BackupError(f"ไฟล์ {name} ในชุดสำรองเสียหาย", f"{name} in the backup is damaged")
        if name != DATA_MEMBER and (name.startswith("/") or ".." in Path(name).parts):
            raise BackupError("ชื่อไฟล์ในชุดสำรองไม่ปลอดภัย", f"unsafe member name {name!r}")
    return manifest, members


def _database_is_empty() -> bool:
    from prongsai.core.models import Organisation, User

    return not Organisation.objects.exists() and not User.objects.exists()


def restore(path: Path) -> dict:
    """Check the archive, then load the database and files into an empty installation."""
    manifest, members = _read_checked(path)
    call_command("migrate", verbosity=0, interactive=False)
    if not _database_is_empty():
        raise BackupError("ฐานข้อมูลปลายทางไม่ว่าง", "the target database is not empty")
    with transaction.atomic():
        # Rows arrive model by model, so a row may name one that comes later; check at the end.
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("python", json.loads(members.pop(DATA_MEMBER))):
                obj.save()
        connection.check_constraints()
        _reset_sequences()
    for name, content in members.items():
        stored = name.removeprefix("media/")
        if default_storage.exists(stored):
            default_storage.delete(stored)
        if default_storage.save(stored, ContentFile(content)) != stored:
            raise BackupError(f"เก็บไฟล์ {stored} ไม่ได้", f"could not store {stored} under its own name")
    return manifest


def _reset_sequences() -> None:
    """PostgreSQL keeps id counters apart from the rows; move them past the restored ids."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(_no_style(), _models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _no_style():
    from django.core.management.color import no_style

    return no_style()
