"""Government property from the command line.

`prongsai property remind` is meant to run daily from cron: it reminds borrowers before the due
date and when overdue, and tells supervisors after some working days (see reminders.py).
`prongsai property import FILE --org SLUG` loads an office's XLSX register (all or nothing);
`prongsai property labels --org SLUG --output FILE` writes the QR label sheet;
`prongsai property report --org SLUG --from DATE --to DATE --format json|xlsx` writes use per unit.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.core import sheets
from prongsai.core.audit import acting_as
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.property import labels, register, reminders, reports
from prongsai.property.models import Asset


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"วันที่ต้องเป็น YYYY-MM-DD (ค.ศ.) / dates are YYYY-MM-DD: {text!r}") from None


class Command(BaseCommand):
    help = "Government property: remind, import, labels, report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="remind borrowers of loans due and overdue")
        remind.add_argument("--org", help="one organisation (default: all)")
        remind.add_argument("--today", type=_date, help="the date to act as today (YYYY-MM-DD)")
        add_format_argument(remind)
        load = sub.add_parser("import", help="import an XLSX property register")
        load.add_argument("file")
        load.add_argument("--org", required=True)
        add_format_argument(load)
        sheet = sub.add_parser("labels", help="write the QR label sheet as PDF")
        sheet.add_argument("--org", required=True)
        sheet.add_argument("--output", required=True)
        sheet.add_argument("--format", choices=["text", "json"], default="text")
        use = sub.add_parser("report", help="use per custodian unit over a period")
        use.add_argument("--org", required=True)
        use.add_argument("--from", dest="start", type=_date, required=True)
        use.add_argument("--to", dest="end", type=_date, required=True)
        use.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
        use.add_argument("--output", help="file for xlsx (default: standard output)")

    def handle(self, *args, **options):
        with acting_as("property command"):
            getattr(self, f"_{options['action']}")(options)

    def _org(self, slug: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"ไม่พบหน่วยงาน / no organisation {slug!r}")
        return organisation

    def _remind(self, options):
        today = options.get("today") or timezone.localdate()
        holidays = holiday_calendar()
        organisations = [self._org(options["org"])] if options.get("org") else Organisation.objects.all()
        sent = []
        for organisation in organisations:
            sent += reminders.send_reminders(organisation, today, holidays)
        lines = [f"{s['kind']}: loan {s['loan']} → {s['to']}" for s in sent] + [f"{len(sent)} notices sent"]
        emit(self, options, {"today": today, "sent": sent}, lines)

    def _import(self, options):
        organisation = self._org(options["org"])
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"ไม่พบไฟล์ / no such file: {path}")
        try:
            rows = register.read_xlsx(io.BytesIO(path.read_bytes()))
        except sheets.SheetError as exc:
            if exc.limit:  # over a limit (size, rows, a zip bomb): the message names it
                raise CommandError(str(exc)) from None
            raise CommandError(f"อ่านไฟล์ไม่ได้ ต้องเป็น .xlsx / cannot read {path} as XLSX") from None
        except Exception:  # openpyxl raises many kinds for a damaged or non-XLSX file
            raise CommandError(f"อ่านไฟล์ไม่ได้ ต้องเป็น .xlsx / cannot read {path} as XLSX") from None
        result = register.parse_rows(organisation, rows)
        if result.errors:
            emit(self, options, {"imported": 0, "errors": result.errors}, result.errors)
            raise CommandError(f"ไม่ได้นำเข้า มีข้อผิดพลาด {len(result.errors)} รายการ / nothing imported")
        count = register.save_import(result)
        emit(self, options, {"imported": count, "errors": []}, [f"{count} items imported"])

    def _labels(self, options):
        organisation = self._org(options["org"])
        items = list(Asset.objects.for_org(organisation).order_by("code_key"))
        Path(options["output"]).write_bytes(labels.label_sheet_pdf(items))
        emit(self, options, {"items": len(items), "output": options["output"]}, [f"{len(items)} labels"])

    def _report(self, options):
        organisation = self._org(options["org"])
        if options["end"] < options["start"]:
            raise CommandError("--to มาก่อน --from / --to is before --from")
        rows = reports.by_unit(organisation, options["start"], options["end"], timezone.localdate())
        data = [{**r, "unit": r["unit"].name_th} for r in rows]
        if options["format"] == "xlsx":
            return self._xlsx(data, options.get("output"))
        lines = [
            f"{r['unit']}: {r['used']} loans, {r['overdue']} overdue, {r['damaged']} damaged" for r in data
        ]
        people = [
            {"borrower": f"{r['borrower__prefix']}{r['borrower__first_name']} {r['borrower__last_name']}",
             **{k: r[k] for k in ("requested", "used", "overdue", "late", "damaged")}}
            for r in reports.by_person(organisation, options["start"], options["end"], timezone.localdate())
        ]  # fmt: skip
        payload = {"from": options["start"], "to": options["end"], "units": data, "people": people}
        emit(self, options, payload, lines)

    def _xlsx(self, data: list[dict], output: str | None):
        headings = ["unit", "items", "items_used", "requested", "used", "refused", "overdue", "late",
                    "damaged"]  # fmt: skip
        content = sheets.xlsx_bytes({"Sheet": [headings, *([row[h] for h in headings] for row in data)]})
        if output:
            Path(output).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
