"""Thai government fiscal year (ปีงบประมาณ).

The fiscal year runs 1 October – 30 September and is named by the BE year in
which it ends: FY 2565 = 1 Oct 2021 – 30 Sep 2022. Plans and reports split it
into two halves (รอบ ๖ เดือน): 1 Oct – 31 Mar and 1 Apr – 30 Sep.
"""

from datetime import date

from .dates import ad_year, be_year

FIRST_MONTH = 10  # October


def fiscal_year_of(d: date) -> int:
    """BE fiscal year that contains `d`: 2021-10-01 -> 2565."""
    return be_year(d.year + 1 if d.month >= FIRST_MONTH else d.year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of BE fiscal year `fiscal_year`, both inclusive."""
    end_year = ad_year(fiscal_year)
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """The twelve (AD year, month) pairs of a fiscal year, October first."""
    start, _ = fiscal_year_bounds(fiscal_year)
    return [(start.year + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(FIRST_MONTH, FIRST_MONTH + 12)]


def half_of(d: date) -> int:
    """1 for the first half (Oct–Mar, รอบ ๖ เดือนแรก), 2 for the second (Apr–Sep)."""
    return 1 if d.month >= FIRST_MONTH or d.month <= 3 else 2


def half_bounds(fiscal_year: int, half: int) -> tuple[date, date]:
    """First and last day of half 1 or 2 of a BE fiscal year."""
    start, end = fiscal_year_bounds(fiscal_year)
    if half == 1:
        return start, date(end.year, 3, 31)
    if half == 2:
        return date(end.year, 4, 1), end
    raise ValueError(f"ครึ่งปีต้องเป็น 1 หรือ 2 / half must be 1 or 2: {half!r}")
