"""Procurement ceilings by fiscal year, as data with their legal sources (for `redflags.py`).

A purchase split into pieces that each stay under a ceiling, from one supplier within a short
time, is the pattern the ceilings invite. Each entry says which method it bounds (a fragment of
the method as แบบ สขร.๑ writes it), the ceiling, the first and last fiscal year it applies to, and
the regulation that sets it. A new ministerial regulation is a new entry, never an edit of an old
one, so that a past year keeps the ceiling it was bought under.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SPECIFIC = "เฉพาะเจาะจง"
REGULATION_2560 = (
    "กฎกระทรวง กำหนดวงเงินการจัดซื้อจัดจ้างพัสดุโดยวิธีเฉพาะเจาะจง วงเงินการจัดซื้อจัดจ้างที่ไม่ทำข้อตกลง"
    "เป็นหนังสือ และวงเงินการจัดซื้อจัดจ้างในการแต่งตั้งผู้ตรวจรับพัสดุ พ.ศ. ๒๕๖๐ "
    "(ออกตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ๒๕๖๐ มาตรา ๕๖ (๒) (ข) และมาตรา ๙๖)"
)


@dataclass(frozen=True)
class Threshold:
    code: str
    method_contains: str
    ceiling: Decimal
    first_year: int
    last_year: int | None
    name_th: str
    source: str


THRESHOLDS = (
    Threshold(
        "specific", SPECIFIC, Decimal("500000"), 2561, None,
        "วงเงินการจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง (ไม่เกิน ๕๐๐,๐๐๐ บาท)", REGULATION_2560,
    ),
    Threshold(
        "no_written_agreement", SPECIFIC, Decimal("100000"), 2561, None,
        "วงเงินที่ไม่ต้องทำข้อตกลงเป็นหนังสือ (ไม่เกิน ๑๐๐,๐๐๐ บาท)", REGULATION_2560,
    ),
)  # fmt: skip


def for_year(fiscal_year: int) -> list[Threshold]:
    return [
        t
        for t in THRESHOLDS
        if t.first_year <= fiscal_year and (t.last_year is None or fiscal_year <= t.last_year)
    ]
