"""Month-range periods as written in Thai plans (ระยะเวลาดำเนินการ).

Accepted forms (Thai or Arabic digits, any dash, or "ถึง"):
`ก.พ.๖๕-เม.ย.๖๕`, `ก.พ. ๖๕ – เม.ย. ๖๕`, `ต.ค. ๒๕๖๔ – ก.ย. ๒๕๖๕`,
`ตุลาคม ๒๕๖๔ - กันยายน ๒๕๖๕`, a single month `มี.ค. ๖๕`, and a start
without a year, `ก.พ. - เม.ย. ๖๕`, which takes the end's year (or the year
before, when the start month comes after the end month: `พ.ย. - ม.ค. ๖๖`).
Two-digit years follow `dates`: BE 25xx.

Plans also write periods against their own fiscal year (`parse_plan_period`): the whole year,
`ตลอดปีงบประมาณ`, or its quarters, `ไตรมาส ๑` (ต.ค.–ธ.ค.) … `ไตรมาส ๔` (ก.ค.–ก.ย.), `ไตรมาสที่ ๒`,
or a run of quarters, `ไตรมาส ๑-๒`.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .dates import (
    MONTH_YEAR_PATTERN,
    MONTHS,
    MONTHS_ABBR,
    be_year,
    normalize,
    parse_month,
    parse_year,
    short_year,
)
from .digits import to_thai_digits
from .fiscal import fiscal_months, fiscal_year_bounds

YearMonth = tuple[int, int]  # (AD year, month 1–12)

_SEPARATOR = re.compile(r"\s*(?:-|–|—|ถึง)\s*")
_MONTH_YEAR = re.compile(MONTH_YEAR_PATTERN)
_MONTH_ONLY = re.compile(r"[\u0e01-\u0e4e.]+")
WHOLE_FISCAL_YEAR = "ตลอดปีงบประมาณ"
_WHOLE_YEAR = re.compile(r"(?:ตลอด|ทั้ง)\s*ปี(?:\s*งบประมาณ)?")
_QUARTER = r"ไตรมาส\s*(?:ที่)?\s*"
_QUARTERS = re.compile(rf"{_QUARTER}(?P<first>[1-4])(?:\s*(?:-|–|—|ถึง)\s*(?:{_QUARTER})?(?P<last>[1-4]))?")


@dataclass(frozen=True, order=True)
class MonthPeriod:
    """Whole calendar months from `start` to `end` inclusive, as (AD year, month)."""

    start: YearMonth
    end: YearMonth

    def __post_init__(self) -> None:
        for year, month in (self.start, self.end):
            if not (1 <= month <= 12 and 1 <= year <= 9999):
                raise ValueError(f"เดือนไม่ถูกต้อง / invalid (year, month): {(year, month)!r}")
        if self.end < self.start:
            raise ValueError(
                f"เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น / period ends before it starts: {self.start} > {self.end}"
            )

    @property
    def first_day(self) -> date:
        return date(self.start[0], self.start[1], 1)

    @property
    def last_day(self) -> date:
        year, month = self.end
        return date(year, month, calendar.monthrange(year, month)[1])

    def contains(self, d: date) -> bool:
        return self.first_day <= d <= self.last_day

    def within_fiscal_year(self, fiscal_year: int) -> bool:
        """True when the whole period lies inside BE fiscal year `fiscal_year`."""
        start, end = fiscal_year_bounds(fiscal_year)
        return start <= self.first_day and self.last_day <= end

    def months(self) -> list[YearMonth]:
        """Every (AD year, month) in the period, in order."""
        first = self.start[0] * 12 + self.start[1] - 1
        last = self.end[0] * 12 + self.end[1] - 1
        return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]


def _bad(text: str) -> ValueError:
    return ValueError(f"อ่านช่วงเวลาไม่ได้ / cannot parse period: {text!r}")


def _month_year(part: str, text: str) -> YearMonth:
    match = _MONTH_YEAR.fullmatch(part)
    if match is None:
        raise _bad(text)
    return parse_year(match["year"], match["era"]), parse_month(match["month"])


def parse_period(text: str) -> MonthPeriod:
    """Parse a Thai month range into a MonthPeriod; ValueError (Thai + English) if bad."""
    parts = _SEPARATOR.split(normalize(text))
    if len(parts) == 1:
        single = _month_year(parts[0], text)
        return MonthPeriod(single, single)
    if len(parts) != 2:
        raise _bad(text)
    end = _month_year(parts[1], text)
    if _MONTH_ONLY.fullmatch(parts[0]):
        month = parse_month(parts[0])
        return MonthPeriod((end[0] - (month > end[1]), month), end)
    return MonthPeriod(_month_year(parts[0], text), end)


def _short(ym: YearMonth) -> str:
    return f"{MONTHS_ABBR[ym[1] - 1]}{short_year(ym[0])}"


def _long(ym: YearMonth) -> str:
    return f"{MONTHS[ym[1] - 1]} {be_year(ym[0])}"


def format_period(
    period: MonthPeriod, style: Literal["short", "long"] = "short", thai_digits: bool = True
) -> str:
    """`ก.พ.๖๕-เม.ย.๖๕` (short) or `กุมภาพันธ์ ๒๕๖๕ – เมษายน ๒๕๖๕` (long); one month alone if start == end."""
    if style not in ("short", "long"):
        raise ValueError(f"รูปแบบไม่ถูกต้อง / style must be 'short' or 'long': {style!r}")
    fmt, dash = (_short, "-") if style == "short" else (_long, " – ")
    text = fmt(period.start) if period.start == period.end else fmt(period.start) + dash + fmt(period.end)
    return to_thai_digits(text) if thai_digits else text


def fiscal_year_period(fiscal_year: int) -> MonthPeriod:
    """The twelve months of BE fiscal year `fiscal_year`, October to September."""
    months = fiscal_months(fiscal_year)
    return MonthPeriod(months[0], months[-1])


def quarter_period(fiscal_year: int, first: int, last: int | None = None) -> MonthPeriod:
    """Quarters `first`..`last` (1–4) of a fiscal year: quarter 1 is October to December."""
    last = first if last is None else last
    if not 1 <= first <= last <= 4:
        raise ValueError(f"ไตรมาสต้องเป็น ๑ ถึง ๔ ตามลำดับ / quarters must run 1 to 4: {first}-{last}")
    months = fiscal_months(fiscal_year)
    return MonthPeriod(months[(first - 1) * 3], months[last * 3 - 1])


def parse_plan_period(text: str, fiscal_year: int) -> MonthPeriod:
    """A plan's period: `ตลอดปีงบประมาณ`, `ไตรมาส ๑`…`ไตรมาส ๔` (runs too) of its fiscal year, or months.

    ValueError (Thai + English) when the text is none of these; whether months lie inside the
    fiscal year is the caller's check, as with `parse_period`.
    """
    clean = normalize(text)
    if _WHOLE_YEAR.fullmatch(clean):
        return fiscal_year_period(fiscal_year)
    if match := _QUARTERS.fullmatch(clean):
        last = match["last"]
        if last is not None and int(last) < int(match["first"]):
            raise _bad(text)
        return quarter_period(fiscal_year, int(match["first"]), int(last) if last else None)
    return parse_period(text)
