"""Load the demo municipality (เทศบาลตำบลบ่อพลอย) and a second organisation; safe to run again.

Besides the seed's 2564 → 2565 story, the demo holds the current cycle of today's fiscal year.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from prongsai.core.demo import DEMO_PASSWORD, load_demo
from prongsai.core.output import add_format_argument, emit
from prongsai.thai.fiscal import fiscal_year_of


class Command(BaseCommand):
    help = "Load or refresh the demo data and print the demo logins."

    def add_arguments(self, parser):
        add_format_argument(parser)

    def handle(self, *args, **options):
        logins = load_demo()
        year = fiscal_year_of(timezone.localdate())
        lines = [
            f"Current cycle: fiscal year {year} (ITA {year - 1} result, plan {year}, OIT catalogue {year}).",
            f"Demo logins (password for all: {DEMO_PASSWORD}):",
        ]
        lines += [f"  {username:<20} {name} — {position}" for username, name, position in logins]
        data = {
            "fiscal_year": year,
            "password": DEMO_PASSWORD,
            "logins": [dict(zip(("username", "name", "position"), row, strict=True)) for row in logins],
        }
        emit(self, options, data, lines)
