"""Thai-specific helpers: digits, BE dates, fiscal years, plan periods, working days, names.

Pure Python with no Django imports, so every rule here is testable without a
database. Everything takes `today`/dates as arguments; nothing reads the clock.
"""

from .dates import (
    ad_year,
    be_year,
    format_datetime,
    format_long,
    format_short,
    parse_thai_date,
)
from .digits import parse_decimal, to_arabic_digits, to_thai_digits
from .fiscal import fiscal_months, fiscal_year_bounds, fiscal_year_of, half_bounds, half_of
from .names import full_name, signature_name, split_prefix
from .periods import MonthPeriod, format_period, parse_period
from .workdays import (
    HolidayCalendar,
    add_working_days,
    is_working_day,
    load_holiday_years,
    load_official_holidays,
    working_days_between,
)

__all__ = [
    "HolidayCalendar",
    "MonthPeriod",
    "ad_year",
    "add_working_days",
    "be_year",
    "fiscal_months",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_datetime",
    "format_long",
    "format_period",
    "format_short",
    "full_name",
    "half_bounds",
    "half_of",
    "is_working_day",
    "load_holiday_years",
    "load_official_holidays",
    "parse_decimal",
    "parse_period",
    "parse_thai_date",
    "signature_name",
    "split_prefix",
    "to_arabic_digits",
    "to_thai_digits",
    "working_days_between",
]
