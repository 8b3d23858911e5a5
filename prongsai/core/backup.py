"""Backups that restore: the database and the uploaded files in one signed zip archive.

Nothing is held whole in memory. The database is serialised model by model with `iterator()`
into a JSON-lines member inside one transaction (REPEATABLE READ on PostgreSQL, so every table
comes from the same moment), or, with `mode="pg_dump"`, pg_dump's custom format is streamed in;
files are copied in chunks through the storage API (local disk or S3-compatible store alike), so
encrypted content stays encrypted. The manifest lists each member's SHA-256 and is signed with an
HMAC whose key (`BACKUP_KEY`) is in neither the archive nor the database: an archive edited with
its manifest recomputed is refused. Restore checks the signature, refuses any member that is not
in the manifest, unsafe names and symlinks, and every member's hash before it writes anything.
Restore expects an empty database.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import io
import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from prongsai.core import keys, sheets
from prongsai.core.storage import stored_names
from prongsai.thai.errors import BilingualError

FORMAT_VERSION = 2
DATA_MEMBER = "database.jsonl"
PG_DUMP_MEMBER = "database.pgdump"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KEY_SETTING = "BACKUP_KEY"
MODES = ("json", "pg_dump")
KNOWN_MEMBERS = {DATA_MEMBER, PG_DUMP_MEMBER, MANIFEST, SIGNATURE}  # and uploaded files under media/
CHUNK = 1 << 20
BATCH = 1000
MAX_MANIFEST = 256 << 20
# Rebuilt by migrations, or session state not worth keeping.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


class BackupError(BilingualError):
    """An archive that cannot be restored, or a target that must not be overwritten."""


def _models():
    return [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED_MODELS and m._meta.managed]


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON encoder cuts times to milliseconds; a backup must keep every microsecond
    (the audit log's hashes include them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _HashingWriter(io.RawIOBase):
    """Passes bytes on to a zip member and hashes them on the way."""

    def __init__(self, target):
        self.target, self.sha256 = target, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.target.write(data)
        return len(data)


class _HashingReader(io.RawIOBase):
    """Reads a zip member and hashes it on the way, so restore can check what it actually loaded."""

    def __init__(self, source):
        self.source, self.sha256 = source, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        return len(data)


def _sign(manifest: bytes) -> str:
    return hmac.new(keys.key(KEY_SETTING), manifest, hashlib.sha256).hexdigest()


def _pg_args(program: str) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = [program, "--no-password", "-d", db["NAME"]]
    for flag, name in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(name):
            args += [flag, str(db[name])]
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    return args, env


def _dump_json(member) -> str:
    writer = _HashingWriter(member)
    text = io.TextIOWrapper(io.BufferedWriter(writer, CHUNK), encoding="utf-8", newline="\n")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in _models():
            # Many-to-many ids fetched per chunk, not by one query per row.
            links = [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
            rows = model._base_manager.order_by("pk").prefetch_related(*links).iterator(chunk_size=2000)
            serializers.serialize("jsonl", rows, stream=text, cls=ExactEncoder)
    text.flush()
    text.detach().flush()
    return writer.sha256.hexdigest()


def _dump_pg(member) -> str:
    if connection.vendor != "postgresql":
        raise BackupError("โหมด pg_dump ใช้ได้กับ PostgreSQL เท่านั้น", "pg_dump mode needs PostgreSQL")
    args, env = _pg_args("pg_dump")
    digest = hashlib.sha256()
    with (
        tempfile.TemporaryFile() as errors,  # a file, not a pipe: a full stderr pipe would stall pg_dump
        subprocess.Popen([*args, "-Fc"], stdout=subprocess.PIPE, stderr=errors, env=env) as dump,  # noqa: S603 - our own arguments, no shell
    ):
        while chunk := dump.stdout.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
        dump.wait()
        errors.seek(0)
        error = errors.read(20000).decode(errors="replace")
    if dump.returncode:
        raise BackupError("pg_dump ทำงานไม่สำเร็จ", f"pg_dump failed: {error.strip()}")
    return digest.hexdigest()


def _copy_file(stored: str, member) -> str:
    writer = _HashingWriter(member)
    with default_storage.open(stored, "rb") as handle:
        shutil.copyfileobj(handle, writer, CHUNK)
    return writer.sha256.hexdigest()


def create(path: Path, *, mode: str = "json") -> dict:
    """Write the archive (first under a temporary name, so a failed run leaves no half archive)."""
    if mode not in MODES:
        raise BackupError(f"ไม่รู้จักโหมด {mode}", f"unknown mode {mode!r} (json or pg_dump)")
    path = Path(path)
    manifest = {"format": FORMAT_VERSION, "mode": mode, "created": time.time(), "members": {}}
    draft = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            name = DATA_MEMBER if mode == "json" else PG_DUMP_MEMBER
            with archive.open(name, "w", force_zip64=True) as member:
                manifest["members"][name] = (_dump_json if mode == "json" else _dump_pg)(member)
            for stored in stored_names():
                name = "media/" + stored
                with archive.open(name, "w", force_zip64=True) as member:
                    manifest["members"][name] = _copy_file(stored, member)
            body = json.dumps(manifest, indent=1).encode()
            archive.writestr(MANIFEST, body)
            archive.writestr(SIGNATURE, _sign(body))
        draft.replace(path)
    finally:
        draft.unlink(missing_ok=True)
    return manifest


def _unsafe(info: zipfile.ZipInfo) -> str:
    """Why a member must not be restored, or ""."""
    name = info.filename
    segments = name.split("/")
    if "\\" in name or ":" in name or any(part in ("", ".", "..") for part in segments):
        return "unsafe name"  # also catches an absolute name, which starts with an empty segment
    if name not in KNOWN_MEMBERS and (segments[0] != "media" or len(segments) < 2):
        return "unexpected member"
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
        return "not a plain file"
    return ""


def _refuse(th: str, en: str):
    raise BackupError(th, en)


def _checked(archive: zipfile.ZipFile) -> dict:
    """The manifest, once the signature, the member list and every member's hash are right."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    for info in infos:
        if why := _unsafe(info):
            _refuse(f"ชุดสำรองมีไฟล์ที่ไม่ปลอดภัย: {info.filename!r}", f"{why}: {info.filename!r}")
    if len(set(names)) != len(names):
        _refuse("ชุดสำรองมีชื่อไฟล์ซ้ำ", "the backup holds two members of one name")
    if MANIFEST not in names or SIGNATURE not in names:
        _refuse("ไฟล์สำรองไม่มีรายการตรวจสอบหรือลายเซ็น", "the backup has no manifest or no signature")
    if archive.getinfo(MANIFEST).file_size > MAX_MANIFEST or archive.getinfo(SIGNATURE).file_size > 200:
        _refuse("รายการตรวจสอบใหญ่ผิดปกติ", "the manifest or its signature is too large")
    with archive.open(MANIFEST) as member:  # the sizes above are claims: read no more than allowed
        body = member.read(MAX_MANIFEST + 1)
    with archive.open(SIGNATURE) as member:
        signature = member.read(201).decode(errors="replace").strip()
    if not hmac.compare_digest(_sign(body), signature):
        _refuse(
            "ลายเซ็นของชุดสำรองไม่ถูกต้อง: ถูกแก้ไข หรือไม่ได้สร้างด้วยกุญแจ BACKUP_KEY ของระบบนี้",
            "the backup's signature does not match: it was edited, or made with another BACKUP_KEY",
        )
    manifest = json.loads(body)
    listed = manifest.get("members", {})
    for name in names:
        if name not in listed and name not in (MANIFEST, SIGNATURE):
            _refuse(f"ไฟล์ {name} ไม่อยู่ในรายการตรวจสอบ", f"{name} is not in the manifest")
    for name, digest in listed.items():
        if name not in names or _digest_of(archive, name) != digest:
            _refuse(f"ไฟล์ {name} ในชุดสำรองเสียหาย", f"{name} in the backup is damaged")
    return manifest


def _digest_of(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except sheets.DAMAGED_ZIP as exc:
        raise BackupError("อ่านไฟล์สำรองข้อมูลไม่ได้", f"cannot read the backup: {exc}") from None


def check(path: Path) -> dict:
    """The archive's manifest if it is intact and signed by this installation's key."""
    with _open(path) as archive:
        return _checked(archive)


def _database_is_empty() -> bool:
    from prongsai.core.models import Organisation, User

    tables = connection.introspection.table_names()
    if Organisation._meta.db_table not in tables:
        return True
    return not Organisation.objects.exists() and not User.objects.exists()


def restore(path: Path) -> dict:
    """Check the archive, then load the database and files into an empty installation."""
    with _open(path) as archive:
        manifest = _checked(archive)
        if PG_DUMP_MEMBER in manifest["members"]:
            if not _database_is_empty():
                _refuse("ฐานข้อมูลปลายทางไม่ว่าง", "the target database is not empty")
            _restore_pg(archive)
        else:
            call_command("migrate", verbosity=0, interactive=False)
            if not _database_is_empty():
                _refuse("ฐานข้อมูลปลายทางไม่ว่าง", "the target database is not empty")
            _restore_json(archive, manifest["members"][DATA_MEMBER])
        for name in manifest["members"]:
            if name.startswith("media/"):
                _restore_file(archive, name)
    return manifest


def _restore_json(archive: zipfile.ZipFile, digest: str) -> None:
    with archive.open(DATA_MEMBER) as member, transaction.atomic():
        reader = _HashingReader(member)
        text = io.TextIOWrapper(io.BufferedReader(reader, CHUNK), encoding="utf-8", newline="\n")
        # Rows arrive model by model, so a row may name one that comes later; check at the end.
        with connection.constraint_checks_disabled():
            for model in _models():  # what migrations seeded (holidays…) is in the backup too
                model._base_manager.all()._raw_delete(connection.alias)
            batch: list = []
            for obj in serializers.deserialize("jsonl", text):
                if batch and (type(obj.object) is not type(batch[0].object) or len(batch) >= BATCH):
                    _save(batch)
                    batch = []
                batch.append(obj)
            _save(batch)
        if reader.sha256.hexdigest() != digest:  # the archive changed since it was checked
            _refuse("ข้อมูลในชุดสำรองเปลี่ยนระหว่างกู้คืน", "the database member changed during restore")
        connection.check_constraints()
        _reset_sequences()


def _save(batch: list) -> None:
    """Rows of one model inserted together as they are (raw: no `auto_now` rewrites the times),
    unless they carry many-to-many links or parent rows, which the deserializer saves one by one."""
    if not batch:
        return
    model = type(batch[0].object)
    if model._meta.parents or any(obj.m2m_data for obj in batch):
        for obj in batch:
            obj.save()
        return
    fields = list(model._meta.concrete_fields)
    rows = [obj.object for obj in batch]
    size, manager = max(1, connection.ops.bulk_batch_size(fields, rows)), model._base_manager
    for start in range(0, len(rows), size):
        manager._insert(rows[start : start + size], fields=fields, raw=True, using=connection.alias)


def _restore_pg(archive: zipfile.ZipFile) -> None:
    if connection.vendor != "postgresql":
        _refuse("ชุดสำรองแบบ pg_dump กู้คืนได้บน PostgreSQL เท่านั้น", "a pg_dump backup needs PostgreSQL")
    args, env = _pg_args("pg_restore")
    connection.close()  # pg_restore replaces the tables this connection may have cached plans for
    command = [*args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    with (
        archive.open(PG_DUMP_MEMBER) as member,
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(command, stdin=subprocess.PIPE, stderr=errors, env=env) as job,  # noqa: S603 - our own arguments, no shell
    ):
        with contextlib.suppress(BrokenPipeError):  # pg_restore stopped early: its exit code says why
            shutil.copyfileobj(member, job.stdin, CHUNK)
            job.stdin.close()
        job.wait()
        errors.seek(0)
        error = errors.read(20000).decode(errors="replace")
    if job.returncode:
        raise BackupError("pg_restore ทำงานไม่สำเร็จ", f"pg_restore failed: {error.strip()[-2000:]}")


def _restore_file(archive: zipfile.ZipFile, name: str) -> None:
    stored = name.removeprefix("media/")
    if default_storage.exists(stored):
        default_storage.delete(stored)
    with archive.open(name) as member:
        content = File(member, name=stored)
        content.size = archive.getinfo(name).file_size
        if default_storage.save(stored, content) != stored:
            _refuse(f"เก็บไฟล์ {stored} ไม่ได้", f"could not store {stored} under its own name")


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
