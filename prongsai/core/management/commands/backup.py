"""Write a consistent backup of the database and uploaded files: `prongsai backup FILE.tar.gz`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.core import backup
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive to write (.tar.gz)")
        add_format_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        manifest = backup.create(path)
        count = len(manifest["members"]) - 1
        emit(
            self,
            options,
            {"file": str(path), "files": count, "bytes": path.stat().st_size},
            [f"Backup written to {path}: database and {count} files ({path.stat().st_size:,} bytes)."],
        )
