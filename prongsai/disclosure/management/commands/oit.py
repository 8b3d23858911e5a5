"""The OIT disclosure portal from the command line (issue #7).

`prongsai oit export --org SLUG --year 2565 --format csv|xlsx|json` writes the ITAS table;
`prongsai oit readiness --org SLUG --year 2565 [--format json]` prints items ready/missing and
the predicted indicator 9 and 10 scores (both create the year's catalogue when it is missing,
carried forward from the latest framework for a year without its own);
`prongsai oit check-links [--org SLUG]` records which published links are broken (run it daily
from cron: a link that is down when the assessors check it costs the item).
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.disclosure import catalogue, itas, links
from prongsai.disclosure.confirmation import carried_from
from prongsai.ita.framework import FrameworkError


class Command(BaseCommand):
    help = "Disclosure portal (OIT): check links, readiness, ITAS export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check-links", help="check the external links of published items")
        check.add_argument("--org", help="one organisation's slug (default: all)")
        check.add_argument("--timeout", type=float, default=links.TIMEOUT)
        add_format_argument(check)
        ready = sub.add_parser("readiness", help="items ready and missing, predicted OIT scores")
        ready.add_argument("--org", required=True)
        ready.add_argument("--year", type=int, required=True)
        add_format_argument(ready)
        dump = sub.add_parser("export", help="the ITAS table")
        dump.add_argument("--org", required=True)
        dump.add_argument("--year", type=int, required=True)
        dump.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        dump.add_argument("--output", help="write to this file instead of the standard output")

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _organisation(self, slug):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {slug} (no organisation {slug})")
        return organisation

    def _check_links(self, options):
        organisation = self._organisation(options["org"]) if options.get("org") else None
        with audit.acting_as("disclosure check-links"):
            broken = links.check_links(organisation, timeout=options["timeout"])
        data = {
            "broken": [{"id": p.pk, "item": p.item.code, "url": p.url, "error": p.link_error} for p in broken]
        }
        lines = [f"{p.item.code} {p.url}: {p.link_error}" for p in broken] or [
            "ลิงก์ใช้ได้ทั้งหมด (all links work)"
        ]
        emit(self, options, data, lines)

    def _catalogue(self, organisation, year: int) -> int:
        """The year's catalogue, created from the framework in force (carried forward for a year
        without its own) as publishing does, so no year in range is a dead end here either."""
        try:
            with audit.acting_as(f"oit {year}"):
                return catalogue.ensure_catalogue(organisation, year)
        except FrameworkError as exc:
            raise CommandError(f"{exc.message_th} ({exc.message_en})") from None

    def _readiness(self, options):
        organisation, year = self._organisation(options["org"]), options["year"]
        created = self._catalogue(organisation, year)
        report = catalogue.readiness(organisation, year)
        source = carried_from(year)
        lines = [f"พร้อม {report.ready_count}/{len(report.items)} (ready)"]
        if source:
            lines.insert(0, f"ยังไม่ยืนยัน: ยกมาจากกรอบการประเมินปี {source} (not yet confirmed: from {source})")
        lines += [f"ตัวชี้วัด {code}: {score}" for code, score in report.indicators]
        lines += [f"ยังไม่มี (missing): {i.code} {i.title_th}" for i in report.missing]
        data = {**report.to_dict(), "carried_forward_from": source, "created_items": created}
        emit(self, options, data, lines)

    def _export(self, options):
        organisation = self._organisation(options["org"])
        self._catalogue(organisation, options["year"])
        table = itas.rows(organisation, options["year"], settings.SITE_URL)
        if options["format"] == "json":
            data = json.dumps(table, ensure_ascii=False, indent=2).encode()
        elif options["format"] == "xlsx":
            data = itas.to_xlsx(table, options["year"])
        else:
            data = itas.to_csv(table)
        if options.get("output"):
            with open(options["output"], "wb") as out:
                out.write(data)
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
