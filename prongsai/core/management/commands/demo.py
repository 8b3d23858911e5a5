"""Load the demo municipality (เทศบาลตำบลบ่อพลอย) and a second organisation; safe to run again."""

from django.core.management.base import BaseCommand

from prongsai.core.demo import DEMO_PASSWORD, load_demo
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Load or refresh the demo data and print the demo logins."

    def add_arguments(self, parser):
        add_format_argument(parser)

    def handle(self, *args, **options):
        logins = load_demo()
        lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
        lines += [f"  {username:<20} {name} — {position}" for username, name, position in logins]
        data = {
            "password": DEMO_PASSWORD,
            "logins": [dict(zip(("username", "name", "position"), row, strict=True)) for row in logins],
        }
        emit(self, options, data, lines)
