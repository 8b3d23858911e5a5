"""Dates as Thai users type them into a form.

A clerk types "๒๕ มี.ค. ๒๕๖๙", "25/03/2569" or "25/3/69"; a browser's date picker sends
"2026-03-25". All of them mean the same day. A four-digit year from 2400 on is read as
Buddhist Era, because no Christian-era date a local government records lies that far ahead;
below 2400 it is Christian Era. A result outside `EARLIEST`..`LATEST` is refused rather than
stored: a Buddhist-era year read as Christian Era once gave a loan in the year ๓๑๑๒.
"""

import re
from datetime import date

from .dates import BE_OFFSET, normalize, parse_thai_date

EARLIEST = date(1900, 1, 1)  # พ.ศ. ๒๔๔๓: older deeds and assets still need a date
LATEST = date(2200, 12, 31)  # พ.ศ. ๒๗๔๓
_NUMERIC = re.compile(r"(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")


class DateInputError(ValueError):
    """A message in Thai and English, fit to show beside the field."""


def _year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return 2500 + year - BE_OFFSET  # "69" is พ.ศ. ๒๕๖๙, as on every Thai form
    return year - BE_OFFSET if year >= 2400 else year


def parse_date_input(text: str) -> date:
    """The day a typed or picked date means; DateInputError when it means none."""
    cleaned = normalize(text)
    if not cleaned:
        raise DateInputError("กรุณากรอกวันที่ / Enter a date.")
    match = _ISO.fullmatch(cleaned) or _NUMERIC.fullmatch(cleaned)
    if match:
        year = _year(match["year"])
        try:
            result = date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            raise DateInputError(f"ไม่มีวันที่ {text} ในปฏิทิน / {text} is not a date in the calendar.") from None
    else:
        try:
            result = parse_thai_date(cleaned)
        except ValueError:
            raise DateInputError(
                f"อ่านวันที่ “{text}” ไม่ได้ ใช้รูปแบบ ๒๕/๐๓/๒๕๖๙ หรือ ๒๕ มี.ค. ๒๕๖๙ / "
                f"Cannot read the date “{text}”: use 25/03/2569 or 25 มี.ค. 2569."
            ) from None
    if not EARLIEST <= result <= LATEST:
        shown = result.year + BE_OFFSET
        raise DateInputError(
            f"ปี พ.ศ. {shown} ไม่น่าจะถูกต้อง ตรวจสอบปีอีกครั้ง (เช่น ๒๕๖๙) / "
            f"The year {shown} B.E. is not plausible: check the year (for example 2569)."
        )
    return result


def format_date_input(value: date) -> str:
    """The text a date field shows: day/month/Buddhist-era year, which parses back to itself."""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
