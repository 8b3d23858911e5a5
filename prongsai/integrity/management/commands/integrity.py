"""Procurement red flags from the command line.

`prongsai integrity redflags --year FY [--org SLUG] [--format json]`: with --org, that
organisation's indicators; without, every organisation's, kept for the national comparison
(`redflags.store`), as the background task does. Counts and rates only: supplier names and rows
are for the staff pages.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.integrity import redflags
from prongsai.thai.fiscal import fiscal_year_of


class Command(BaseCommand):
    help = "Integrity: procurement red flags per organisation and fiscal year."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        flags = sub.add_parser("redflags", help="procurement red flags of a fiscal year")
        flags.add_argument("--year", type=int, help="fiscal year (B.E.); default: the current one")
        flags.add_argument("--org", help="one organisation (slug); default: all, kept for comparison")
        add_format_argument(flags)

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _redflags(self, options):
        year = options["year"] or fiscal_year_of(timezone.localdate())
        started = time.monotonic()
        if options["org"]:
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(f"ไม่มีหน่วยงาน {options['org']!r} / no organisation {options['org']!r}")
            computed = {organisation.pk: redflags.for_organisation(organisation, year)}
            stored = None
        else:
            stored = redflags.store(year)
            computed = redflags.compute(year)
        slugs = dict(Organisation.objects.filter(pk__in=computed).values_list("pk", "slug"))
        data = {
            "fiscal_year": year,
            "guide": redflags.GUIDE,
            "organisations": [
                {"slug": slugs[org], "indicators": ind.public()} for org, ind in sorted(computed.items())
            ],
            "stored": stored,
            "seconds": round(time.monotonic() - started, 3),
        }
        lines = [f"ปีงบประมาณ {year}: {len(computed)} หน่วยงาน ({data['seconds']} s)"]
        for row in data["organisations"]:
            flags = ", ".join(row["indicators"]["flagged"]) or "-"
            lines.append(f"{row['slug']}: {row['indicators']['lines']} lines · {flags}")
        emit(self, options, data, lines)
