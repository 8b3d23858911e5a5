"""Restore a backup made by `prongsai backup` into an empty installation: `prongsai restore FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import backup
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Restore a backup into an empty database and media folder (the archive is checked first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive written by `prongsai backup`")
        add_format_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ (no such file): {path}")
        try:
            manifest = backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        count = len(manifest["members"]) - 1
        emit(
            self,
            options,
            {"file": str(path), "files": count},
            [f"Restored {path}: database and {count} files."],
        )
