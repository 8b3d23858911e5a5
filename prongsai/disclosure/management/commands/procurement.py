"""Procurement summaries from the command line: `prongsai procurement import FILE`.

`prongsai procurement import skr1-2565-10.xlsx --org SLUG --year 2565 --month 10` reads a monthly
summary in the form offices use (แบบ สขร.๑; `--month 0` for the annual procurement plan), all or
nothing, as the staff page does. Errors name the column or row and exit with status 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.disclosure import procurement


class Command(BaseCommand):
    help = "Procurement summaries (แบบ สขร.๑): import an XLSX or CSV file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import one month's summary, or the annual plan (--month 0)")
        load.add_argument("file")
        load.add_argument("--org", required=True, help="the organisation's slug")
        load.add_argument("--year", type=int, required=True, help="fiscal year (B.E.), e.g. 2565")
        load.add_argument("--month", type=int, required=True, help="1–12, or 0 for the annual plan")
        add_format_argument(load)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {options['org']} (no organisation {options['org']})")
        if not 2500 <= options["year"] <= 2700:
            raise CommandError(
                f"ปีงบประมาณต้องเป็น พ.ศ. เช่น 2565 (the fiscal year must be Buddhist-era, e.g. 2565): "
                f"{options['year']}"
            )
        if not 0 <= options["month"] <= 12:
            raise CommandError(f"เดือนต้องเป็น 0–12 (the month must be 0–12): {options['month']}")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"อ่านไฟล์ไม่ได้ (cannot read the file) {path}: {exc.strerror}") from None
        with audit.acting_as("procurement import"):
            result = procurement.import_file(organisation, options["year"], options["month"], data, path.name)
        summary = result.summary
        data = {
            "ok": result.ok,
            "errors": result.errors,
            "summary": summary.pk if summary else None,
            "title": summary.title if summary else "",
            "rows": len(result.lines),
        }
        if not result.ok:
            if options["format"] == "json":
                emit(self, options, data, [])
            raise CommandError("ไม่ได้นำเข้าข้อมูลใด ๆ (nothing was imported):\n" + "\n".join(result.errors))
        emit(self, options, data, [f"{summary.title}: นำเข้า {len(result.lines)} รายการ (rows imported)"])
