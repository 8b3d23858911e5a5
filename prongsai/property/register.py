"""The property register (ทะเบียนครุภัณฑ์): search, and import of the offices' XLSX registers.

An import is all or nothing: every row is checked first (codes unique in the file and in the
register, units and custodians known, dates and values readable) and each problem is listed
by row in Thai and English; only a file with no problem is saved, in one transaction, in
batches. The file is read by `core/sheets.py` within `LIMITS` (size, rows, zip bombs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from prongsai.core import audit, sheets
from prongsai.core.models import Organisation, Person, Unit
from prongsai.property.models import Asset, Category, ItemStatus, code_key
from prongsai.thai.dates import parse_thai_date
from prongsai.thai.digits import parse_decimal, to_arabic_digits


def search(items: QuerySet, query: str) -> QuerySet:
    """Match the code whatever digits were typed (๔๑๖ or 416), or the name or location."""
    query = query.strip()
    if not query:
        return items
    return items.filter(
        Q(code_key__contains=code_key(query)) | Q(name__icontains=query) | Q(location__icontains=query)
    )


# Column headings accepted (Thai as the offices write them, or English), per field.
HEADINGS = {
    "code": ("รหัส", "รหัสครุภัณฑ์", "เลขรหัส", "code"),
    "name": ("ชื่อ", "รายการ", "ชื่อครุภัณฑ์", "name"),
    "category": ("ประเภท", "category"),
    "unit": ("หน่วยงาน", "กอง", "unit"),
    "custodian": ("ผู้ดูแล", "ผู้รับผิดชอบ", "custodian"),
    "location": ("สถานที่", "ที่ตั้ง", "location"),
    "acquired_on": ("วันที่ได้มา", "วันที่ได้รับ", "acquired"),
    "value": ("มูลค่า", "ราคา", "value"),
    "status": ("สถานะ", "status"),
}
REQUIRED = ("code", "name", "category", "unit")
CATEGORY_WORDS = {
    "ยานพาหนะ": Category.VEHICLE, "รถ": Category.VEHICLE, "ครุภัณฑ์ยานพาหนะและขนส่ง": Category.VEHICLE,
    "อุปกรณ์": Category.EQUIPMENT, "ครุภัณฑ์สำนักงาน": Category.EQUIPMENT, "ห้อง": Category.ROOM,
    "ห้องประชุม": Category.ROOM, "เครื่องมือ": Category.TOOL, "ครุภัณฑ์คอมพิวเตอร์": Category.IT,
    "คอมพิวเตอร์": Category.IT, "อื่นๆ": Category.OTHER, "อื่น ๆ": Category.OTHER,
}  # fmt: skip
STATUS_WORDS = {
    "ใช้งานได้": ItemStatus.AVAILABLE, "ปกติ": ItemStatus.AVAILABLE, "ชำรุด": ItemStatus.UNDER_REPAIR,
    "ส่งซ่อม": ItemStatus.UNDER_REPAIR, "สูญหาย": ItemStatus.LOST, "จำหน่าย": ItemStatus.WRITTEN_OFF,
    "จำหน่ายแล้ว": ItemStatus.WRITTEN_OFF,
}  # fmt: skip


@dataclass
class ImportResult:
    items: list[Asset] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value: str, words: dict, choices) -> str | None:
    if value in words:
        return words[value]
    for code, label in choices:
        if value.lower() in (code, str(label).lower()):
            return code
    return None


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_arabic_digits(str(value)).strip()
    try:
        return parse_thai_date(text)
    except ValueError:
        pass
    day, month, year = (int(p) for p in text.replace("-", "/").split("/"))  # 25/3/2565 or 25/3/65
    year = year + 2500 if year < 100 else year
    return date(year - 543 if year > 2400 else year, month, day)


def _heading_map(header: list) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = _text(cell).lower()
        for name, words in HEADINGS.items():
            if text in words and name not in found:
                found[name] = index
    missing = [HEADINGS[name][0] for name in REQUIRED if name not in found]
    return found, missing


# A register of one organisation: thousands of items, rarely tens of thousands.
LIMITS = sheets.Limits(max_bytes=20 * sheets.MIB, max_rows=50_000, max_columns=50, max_cell_chars=2_000)


def read_xlsx(upload) -> list[list]:
    """The first sheet's rows (`core/sheets.py`, within `LIMITS`); SheetError (Thai + English)
    for a damaged file or one over a limit."""
    data = upload.read(LIMITS.max_bytes + 1)  # one byte more than allowed is enough to refuse
    return list(sheets.read(data, "register.xlsx", LIMITS, xlsx=True))


def parse_rows(organisation: Organisation, rows: list[list]) -> ImportResult:
    """Check every row; returns unsaved items, or every problem found (then nothing is saved)."""
    result = ImportResult()
    if not rows:
        result.errors.append("ไฟล์ว่างเปล่า / the file is empty")
        return result
    columns, missing = _heading_map(rows[0])
    if missing:
        result.errors.append(f"ไม่พบคอลัมน์ {', '.join(missing)} / missing columns: {', '.join(missing)}")
        return result
    units = {u.name_th: u for u in Unit.objects.for_org(organisation)}
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    people.update({f"{p.first_name} {p.last_name}": p for p in people.values()})
    taken = set(Asset.objects.for_org(organisation).values_list("code_key", flat=True))
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cell = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        if not any(_text(v) for v in cell.values()):
            continue
        item, problems = _row_item(organisation, cell, units, people)
        key = code_key(item.code)
        if key and key in seen:
            problems.append(f"รหัสซ้ำกับแถว {seen[key]} / duplicate code, also on row {seen[key]}")
        elif key in taken:
            problems.append(f"รหัส {item.code} มีในทะเบียนแล้ว / code {item.code} is already registered")
        seen.setdefault(key, number)
        result.errors += [f"แถว {number} (row {number}): {p}" for p in problems]
        result.items.append(item)
    if not result.items and not result.errors:
        result.errors.append("ไม่มีรายการในไฟล์ / the file has no rows")
    return result


def _row_item(organisation, cell: dict, units: dict, people: dict) -> tuple[Asset, list[str]]:
    problems = []
    item = Asset(organisation=organisation, code=_text(cell.get("code")), name=_text(cell.get("name")))
    item.location = _text(cell.get("location"))
    if not item.code:
        problems.append("ไม่มีรหัส / the code is empty")
    if not item.name:
        problems.append("ไม่มีชื่อ / the name is empty")
    item.category = _choice(_text(cell.get("category")), CATEGORY_WORDS, Category.choices) or ""
    if not item.category:
        problems.append(f"ไม่รู้จักประเภท “{_text(cell.get('category'))}” / unknown category")
    unit = units.get(_text(cell.get("unit")))
    if unit is not None:
        item.unit = unit
    else:
        problems.append(f"ไม่พบหน่วยงาน “{_text(cell.get('unit'))}” / unknown unit")
    custodian = _text(cell.get("custodian"))
    item.custodian = people.get(custodian) if custodian else None
    if custodian and item.custodian is None:
        problems.append(f"ไม่พบผู้ดูแล “{custodian}” / unknown custodian")
    status = _text(cell.get("status"))
    item.status = _choice(status, STATUS_WORDS, ItemStatus.choices) if status else ItemStatus.AVAILABLE
    if not item.status:
        problems.append(f"ไม่รู้จักสถานะ “{status}” / unknown status")
    try:
        item.acquired_on = _date(cell.get("acquired_on"))
    except (ValueError, TypeError):
        problems.append(f"วันที่ไม่ถูกต้อง “{_text(cell.get('acquired_on'))}” / unreadable date")
    value = cell.get("value")
    try:
        item.value = (
            None if value in (None, "") else Decimal(str(value)) if isinstance(value, int | float)
            else parse_decimal(str(value))
        )  # fmt: skip
        if item.value is not None and item.value < 0:
            problems.append("มูลค่าติดลบ / negative value")
    except ValueError:
        problems.append(f"มูลค่าไม่ถูกต้อง “{_text(value)}” / unreadable value")
    for name in ("code", "name", "location", "value"):
        try:
            Asset._meta.get_field(name).run_validators(getattr(item, name))
        except ValidationError:  # PostgreSQL would refuse it; found by tests/test_import_fuzz.py
            problems.append(f"“{HEADINGS[name][0]}” ยาวหรือมากเกินกว่าที่เก็บได้ / {name} is too long or too large")
    return item, problems


IMPORT_BATCH = 1_000


@transaction.atomic
def save_import(result: ImportResult) -> int:
    """Save the checked items in batches, in one transaction (all or nothing).

    Bulk writes skip the audit signals, so one counted entry names the items' ids instead.
    """
    if result.errors:
        raise ValueError("refusing to save an import with errors")
    saved: list[Asset] = []
    for start in range(0, len(result.items), IMPORT_BATCH):
        batch = result.items[start : start + IMPORT_BATCH]
        for item in batch:  # what Asset.save does, which bulk_create skips
            item.code = item.code.strip()
            item.code_key = code_key(item.code)
        saved += Asset.objects.bulk_create(batch)
    if saved:
        audit.record_bulk(saved[0].organisation, "property.import", Asset, [item.pk for item in saved])
    return len(saved)
