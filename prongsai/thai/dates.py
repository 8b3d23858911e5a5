"""Thai calendar dates: Buddhist-era years, month names, official formats.

Assumptions:
- Years are Buddhist Era (พ.ศ. = ค.ศ. + 543) unless the text says "ค.ศ.".
- Two-digit years, as in "๒๕ มี.ค. ๖๕", mean BE 25xx (BE 2500–2599, i.e.
  AD 1957–2056). Outside that window the short forms print four digits, so
  every formatted date parses back to itself.
- `format_long` uses ordinary spaces. Pass `nbsp=True` to get U+00A0
  NO-BREAK SPACE instead, so a line never breaks inside "๒๕ มีนาคม พ.ศ. ๒๕๖๕"
  (HTML, DOCX and PDF renderers all honour U+00A0).
"""

import re
from datetime import date, datetime

from .digits import to_arabic_digits, to_thai_digits

BE_OFFSET = 543
NBSP = "\u00a0"

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
# Monday first, matching date.weekday().
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
WEEKDAYS_ABBR = ("จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา.")

# Month token -> month number; abbreviations are accepted with or without dots.
_MONTH_LOOKUP = {name: i for i, name in enumerate(MONTHS, 1)} | {
    abbr.replace(".", ""): i for i, abbr in enumerate(MONTHS_ABBR, 1)
}
_THAI = "\u0e01-\u0e4e"  # Thai letters and marks, without the Thai digits
MONTH_YEAR_PATTERN = rf"(?P<month>[{_THAI}.]+?)\s*(?:(?P<era>พ\.ศ\.|ค\.ศ\.)\s*)?(?P<year>\d{{4}}|\d{{2}})"
_DATE = re.compile(rf"(?:วัน(?P<weekday>[{_THAI}]*?)ที่\s*)?(?P<day>\d{{1,2}})\s*{MONTH_YEAR_PATTERN}")


def be_year(ad_year: int) -> int:
    """Buddhist-era year (พ.ศ.) of a Christian-era year: 2022 -> 2565."""
    return ad_year + BE_OFFSET


def ad_year(be_year: int) -> int:
    """Christian-era year (ค.ศ.) of a Buddhist-era year: 2565 -> 2022."""
    return be_year - BE_OFFSET


def short_year(ad: int) -> str:
    """BE year as written in short forms: two digits inside the 25xx window."""
    be = be_year(ad)
    return f"{be % 100:02d}" if 2500 <= be <= 2599 else str(be)


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


def _spaces(text: str, nbsp: bool) -> str:
    return text.replace(" ", NBSP) if nbsp else text


def format_long(d: date, thai_digits: bool = True, nbsp: bool = False) -> str:
    """`๒๕ มีนาคม พ.ศ. ๒๕๖๕`, the form used in the date line of official letters."""
    text = f"{d.day} {MONTHS[d.month - 1]} พ.ศ. {be_year(d.year)}"
    return _spaces(_digits(text, thai_digits), nbsp)


def format_short(d: date, thai_digits: bool = True) -> str:
    """`๒๕ มี.ค. ๖๕`: abbreviated month and two-digit BE year."""
    text = f"{d.day} {MONTHS_ABBR[d.month - 1]} {short_year(d.year)}"
    return _digits(text, thai_digits)


def format_datetime(dt: datetime, thai_digits: bool = True, nbsp: bool = False) -> str:
    """`๒๕ มีนาคม พ.ศ. ๒๕๖๕ เวลา ๑๔.๓๐ น.` (Thai style: a dot between hour and minute)."""
    text = f"{format_long(dt, thai_digits=False)} เวลา {dt.hour:02d}.{dt.minute:02d} น."
    return _spaces(_digits(text, thai_digits), nbsp)


def parse_month(token: str) -> int:
    """Month number of a full or abbreviated Thai month name ("มี.ค." -> 3)."""
    month = _MONTH_LOOKUP.get(token.replace(".", "").replace(" ", ""))
    if month is None:
        raise ValueError(f"ไม่รู้จักชื่อเดือน / unknown Thai month: {token!r}")
    return month


def parse_year(digits: str, era: str | None = None) -> int:
    """Christian-era year from a written year: "65" / "2565" BE, or AD after "ค.ศ."."""
    year = int(digits)
    if era == "ค.ศ.":
        if len(digits) != 4:
            raise ValueError(f"ปี ค.ศ. ต้องมีสี่หลัก / AD year needs four digits: {digits}")
        return year
    if len(digits) == 2:
        year += 2500
    if year < 2400:
        # Most likely a Christian-era year typed without "ค.ศ.".
        raise ValueError(f"ปี พ.ศ. ไม่ถูกต้อง (ใช้ ค.ศ. นำหน้าถ้าเป็นปีคริสต์ศักราช) / implausible BE year: {digits}")
    return ad_year(year)


def normalize(text: str) -> str:
    """Arabic digits, single ordinary spaces, no surrounding blanks."""
    return " ".join(to_arabic_digits(text).replace(NBSP, " ").split())


def parse_thai_date(text: str) -> date:
    """Parse `๒๕ มีนาคม พ.ศ. ๒๕๖๕`, `25 มี.ค. 65`, `วันศุกร์ที่ ๒๕ มีนาคม ๒๕๖๕` ...

    Thai or Arabic digits, full or abbreviated month, "พ.ศ." optional (with or
    without a following space), two- or four-digit BE year. A leading weekday
    must agree with the date. Raises ValueError with a Thai + English message.
    """
    match = _DATE.fullmatch(normalize(text))
    if match is None:
        raise ValueError(f"อ่านวันที่ไม่ได้ / cannot parse Thai date: {text!r}")
    month = parse_month(match["month"])
    year = parse_year(match["year"], match["era"])
    try:
        result = date(year, month, int(match["day"]))
    except ValueError as exc:
        raise ValueError(f"ไม่มีวันที่นี้ในปฏิทิน / no such date: {text!r}") from exc
    _check_weekday(match["weekday"], result, text)
    return result


def _check_weekday(weekday: str | None, d: date, text: str) -> None:
    if weekday and weekday != WEEKDAYS[d.weekday()]:
        raise ValueError(f"วันในสัปดาห์ไม่ตรงกับวันที่ / weekday does not match the date: {text!r}")
