"""`prongsai jobs prune`: delete finished jobs after a while (mail jobs carry e-mail addresses)."""

from django.core.management.base import BaseCommand

from prongsai.core import jobs
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Background jobs: prune"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        prune = sub.add_parser("prune", help="delete finished jobs older than --days")
        prune.add_argument("--days", type=int, default=30)
        add_format_argument(prune)

    def handle(self, *args, **options):
        deleted = jobs.prune(options["days"])
        emit(self, options, {"deleted": deleted}, [f"{deleted} finished jobs deleted"])
