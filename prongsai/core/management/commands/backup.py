"""Write a consistent, signed backup of the database and uploaded files: `prongsai backup FILE.zip`.

`--mode pg_dump` (PostgreSQL) streams pg_dump's custom format into the archive instead of the
JSON-lines rows; `prongsai restore` reads either.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import backup
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive to write (.zip)")
        parser.add_argument("--mode", choices=backup.MODES, default="json", help="database format")
        add_format_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            manifest = backup.create(path, mode=options["mode"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        count = len(manifest["members"]) - 1
        emit(
            self,
            options,
            {"file": str(path), "files": count, "bytes": path.stat().st_size},
            [f"Backup written to {path}: database and {count} files ({path.stat().st_size:,} bytes)."],
        )
