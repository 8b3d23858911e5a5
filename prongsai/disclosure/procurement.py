"""Procurement summaries in the form offices use (แบบ สขร.๑), imported all or nothing.

Assumptions:
- The file's first row holds the column headings in `COLUMNS` order (Thai, as on the form);
  headings are compared with spaces ignored. A heading that differs is named by its column
  letter, with what was expected.
- Files are read and written by `core/sheets.py`: XLSX, or CSV in UTF-8, UTF-16 or TIS-620
  (Windows-874), within `LIMITS`; published text is escaped against formula injection.
- Amounts may use Thai digits and thousands separators; dates are Thai dates ("๑ ต.ค. ๒๕๖๔")
  or ISO dates; empty rows are skipped.
- Month 0 is the annual procurement plan; each month of a fiscal year is imported once.
- OCDS: one release per line, tagged "award" (or "planning" for the plan), ocid prefix from the
  organisation's slug (a registered prefix would replace it for real publication).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from openpyxl.utils import get_column_letter

from prongsai.core import audit, sheets
from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
from prongsai.thai.dates import MONTHS, parse_thai_date
from prongsai.thai.digits import parse_decimal, to_arabic_digits

# field, Thai heading, required
COLUMNS = [
    ("number", "ลำดับที่", True),
    ("project", "งานที่จัดซื้อหรือจัดจ้าง", True),
    ("budget", "วงเงินงบประมาณ", True),
    ("method", "วิธีซื้อหรือจ้าง", True),
    ("bidders", "รายชื่อผู้เสนอราคาและราคาที่เสนอ", False),
    ("winner", "ผู้ได้รับการคัดเลือก", False),
    ("price", "ราคาที่ตกลงซื้อหรือจ้าง", False),
    ("reason", "เหตุผลที่คัดเลือกโดยสรุป", False),
    ("contract_no", "เลขที่สัญญา", False),
    ("contract_date", "วันที่สัญญา", False),
]
HEADINGS = [heading for _f, heading, _r in COLUMNS]
# A month's summary or a year's plan: a few hundred lines, rarely a few thousand.
LIMITS = sheets.Limits(max_bytes=10 * sheets.MIB, max_rows=10_000, max_columns=50, max_cell_chars=5_000)
IMPORT_BATCH = 1_000


@dataclass
class ImportResult:
    lines: list[ProcurementLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: ProcurementSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(data: bytes, filename: str) -> list[list]:
    """Rows of cells from an XLSX or CSV file (`core/sheets.py`, within `LIMITS`); ValueError
    (Thai + English) for anything else."""
    try:
        return list(sheets.read(data, filename, LIMITS))
    except sheets.SheetError as exc:
        raise ValueError(str(exc)) from None


def _squash(value) -> str:
    return "".join(str(value or "").split())


def check_header(header: list) -> list[str]:
    errors = []
    for index, expected in enumerate(HEADINGS):
        found = header[index] if index < len(header) else None
        if _squash(found) != _squash(expected):
            letter = get_column_letter(index + 1)
            errors.append(
                f"คอลัมน์ {letter} ต้องเป็น “{expected}” แต่พบ “{found or ''}” "
                f"(column {letter} should be “{expected}”, found “{found or ''}”)"
            )
    return errors


def _amount(value) -> Decimal:
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return parse_decimal(str(value))


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_arabic_digits(str(value)).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_thai_date(text)


def parse_rows(rows: list[list]) -> tuple[list[dict], list[str]]:
    if not rows:
        return [], ["ไฟล์ว่าง (the file is empty)"]
    errors = check_header(rows[0])
    if errors:
        return [], errors
    parsed = []
    for line_no, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(COLUMNS) - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        values: dict = {}
        for (name, heading, required), cell in zip(COLUMNS, cells, strict=False):
            empty = cell is None or str(cell).strip() == ""
            if empty:
                if required:
                    errors.append(f"แถว {line_no}: ไม่มี “{heading}” (row {line_no}: “{heading}” is empty)")
                continue
            try:
                if name in ("budget", "price"):
                    values[name] = _amount(cell)
                elif name == "number":
                    values[name] = int(_amount(cell))
                elif name == "contract_date":
                    values[name] = _date(cell)
                else:
                    values[name] = str(cell).strip()
            except ValueError as exc:
                errors.append(f"แถว {line_no} “{heading}”: {exc} (row {line_no}, “{heading}”)")
                continue
            if not _fits(name, values[name]):
                errors.append(
                    f"แถว {line_no} “{heading}”: ยาวหรือมากเกินกว่าที่เก็บได้ "
                    f"(row {line_no}, “{heading}”: too long or too large to store)"
                )
        parsed.append(values)
    if not parsed and not errors:
        errors.append("ไม่มีรายการในไฟล์ (the file has no rows)")
    return parsed, errors


def _fits(name: str, value) -> bool:
    """Whether the value fits its column (length, digits, range): PostgreSQL refuses what does not."""
    try:
        ProcurementLine._meta.get_field(name).run_validators(value)
    except ValidationError:
        return False
    return True


def month_title(year: int, month: int) -> str:
    if month == 0:
        return f"แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {year}"
    return f"สรุปผลการจัดซื้อจัดจ้าง เดือน{MONTHS[month - 1]} ปีงบประมาณ พ.ศ. {year}"


def import_file(organisation, year: int, month: int, data: bytes, filename: str) -> ImportResult:
    """Read, check and store one month (or the plan); nothing is stored when anything is wrong."""
    result = ImportResult()
    if ProcurementSummary.objects.for_org(organisation).filter(year=year, month=month).exists():
        result.errors.append(
            f"{month_title(year, month)} นำเข้าไว้แล้ว (this month is already imported; delete it first)"
        )
        return result
    try:
        rows = read_table(data, filename)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    parsed, result.errors = parse_rows(rows)
    if result.errors:
        return result
    with transaction.atomic():
        result.summary = ProcurementSummary.objects.create(
            organisation=organisation, year=year, month=month, title=month_title(year, month),
            source_name=filename[:200],
        )  # fmt: skip
        lines = [ProcurementLine(organisation=organisation, summary=result.summary, **v) for v in parsed]
        result.lines = ProcurementLine.objects.bulk_create(lines, batch_size=IMPORT_BATCH)
        # Bulk writes skip the audit signals: one counted entry names the lines' ids instead.
        ids = [line.pk for line in result.lines]
        changes = {"summary": result.summary.pk, "file": filename[:200]}
        audit.record_bulk(organisation, "procurement.import", ProcurementLine, ids, changes=changes)
    return result


def totals_by_method(organisation, year: int) -> list[dict]:
    """The annual procurement report: count, budget and agreed price per method, months only."""
    return list(
        ProcurementLine.objects.for_org(organisation)
        .filter(summary__year=year, summary__month__gt=0)
        .values("method")
        .annotate(count=Count("pk"), budget=Sum("budget"), price=Sum("price"))
        .order_by("method")
    )


def ocds_package(organisation, year: int, base_url: str) -> dict:
    """An OCDS release package of the year's lines (1.1 shape, only the fields we hold)."""
    prefix = f"ocds-prongsai-{organisation.slug}"
    buyer = {"id": organisation.slug, "name": organisation.name_th}
    releases = []
    lines = (
        ProcurementLine.objects.for_org(organisation)
        .filter(summary__year=year)
        .select_related("summary")
        .order_by("summary__month", "number")
    )
    for line in lines:
        ocid = f"{prefix}-{year}-{line.summary.month:02d}-{line.number}"
        release = {
            "ocid": ocid,
            "id": f"{ocid}-{line.pk}",
            "date": line.summary.created_at.isoformat(),
            "language": "th",
            "initiationType": "tender",
            "buyer": buyer,
            "parties": [{**buyer, "roles": ["buyer", "procuringEntity"]}],
            "planning": {"budget": {"amount": {"amount": float(line.budget), "currency": "THB"}}},
            "tender": {"id": ocid, "title": line.project, "procurementMethodDetails": line.method},
        }
        if line.summary.month == 0:
            release["tag"] = ["planning"]
        else:
            release["tag"] = ["award"]
            if line.winner:
                supplier = {"id": f"{ocid}-supplier", "name": line.winner}
                release["parties"].append({**supplier, "roles": ["supplier"]})
                award = {"id": f"{ocid}-award", "status": "active", "suppliers": [supplier]}
                if line.price is not None:
                    award["value"] = {"amount": float(line.price), "currency": "THB"}
                if line.contract_date:
                    award["date"] = line.contract_date.isoformat()
                release["awards"] = [award]
        releases.append(release)
    return {
        "uri": base_url,
        "version": "1.1",
        "publishedDate": datetime.now().astimezone().isoformat(),
        "publisher": {"name": organisation.name_th},
        "releases": releases,
    }


# The OIT items a summary belongs to, by title (numbering changes every year, titles much less).
MONTHLY_ITEM_TITLE = "การจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
PLAN_ITEM_TITLE = "แผนการจัดซื้อจัดจ้าง"
# 2568 joins both in one item (o12): "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้า…".
ITEM_TITLE_2568 = "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"


def summary_xlsx(summary: ProcurementSummary) -> bytes:
    """The summary as the office's form: the headings of แบบ สขร.๑ on the first row, so the file
    published is also a file `import_file` reads back."""
    rows = (
        [line.number, line.project, line.budget, line.method, line.bidders, line.winner, line.price,
         line.reason, line.contract_no, line.contract_date]
        for line in summary.lines.order_by("number")
    )  # fmt: skip
    return sheets.xlsx_bytes({f"{summary.year}-{summary.month:02d}": [HEADINGS, *rows]})


def published_filename(summary: ProcurementSummary) -> str:
    return f"procurement-{summary.year}-{summary.month:02d}.xlsx"


def publish_summary(summary: ProcurementSummary, user=None):
    """Publish the summary as an XLSX under its OIT item (monthly summaries, or the plan), in one
    action; publishing it again revises the earlier publication. ValueError (Thai + English) when
    the year's framework has no such item."""
    from prongsai.disclosure.models import Publication
    from prongsai.disclosure.publishing import item_code_titled, publish

    title = PLAN_ITEM_TITLE if summary.month == 0 else MONTHLY_ITEM_TITLE
    code = item_code_titled(summary.year, title, ITEM_TITLE_2568)
    filename = published_filename(summary)
    with transaction.atomic():
        earlier = (
            Publication.objects.for_org(summary.organisation)
            .filter(item__year=summary.year, item__code=code, filename=filename)
            .order_by("-publish_at", "-pk")
            .first()
        )
        publication = publish(
            summary.organisation, fiscal_year=summary.year, item_code=code, title=summary.title,
            content=summary_xlsx(summary), filename=filename, user=user,
        )  # fmt: skip
        if earlier is not None:
            publication.supersedes = earlier
            publication.save(update_fields=["supersedes"])
    return publication
