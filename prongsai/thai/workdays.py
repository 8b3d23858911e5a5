"""Thai government working days (วันทำการ): Monday–Friday minus public holidays.

The holiday calendar is data, not code: callers pass any container of dates
(a dict {date: name}, a set, or a HolidayCalendar). The Django side keeps an
admin-editable table seeded from `data/holidays.json`, which lists the
official วันหยุดราชการ by the Cabinet's yearly announcements, with a
`verified` flag, a `source` note and the known gaps (`missing`) per year.
"""

import json
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

ONE_DAY = timedelta(days=1)


class HolidayCalendar(Mapping[date, str]):
    """Read-only {date: holiday name}; `date in calendar` is the holiday test."""

    def __init__(self, holidays: Mapping[date, str] | None = None) -> None:
        self._holidays = dict(holidays or {})

    def __getitem__(self, day: date) -> str:
        return self._holidays[day]

    def __iter__(self) -> Iterator[date]:
        return iter(sorted(self._holidays))

    def __len__(self) -> int:
        return len(self._holidays)

    def is_working_day(self, day: date) -> bool:
        return is_working_day(day, self)


def is_working_day(day: date, holidays: Container[date]) -> bool:
    """True on Monday–Friday unless `day` is in `holidays`."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, holidays: Container[date]) -> date:
    """The date `n` working days after `start` (before it, if `n` < 0).

    `start` itself is not counted, so a 15-working-day deadline for a letter
    received on `start` is `add_working_days(start, 15, holidays)`. n == 0
    returns `start` unchanged.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Container[date]) -> int:
    """Signed count of working days from `start` to `end`, the inverse of `add_working_days`.

    Forward (end >= start): working days after `start` up to and including `end`.
    Backward (end < start): minus the working days from `end` up to, not
    including, `start`. So working_days_between(d, add_working_days(d, n, h), h) == n
    for every n, and a deadline already passed gives a negative number.
    """
    if end >= start:
        first, count, sign = start + ONE_DAY, (end - start).days, 1
    else:
        first, count, sign = end, (start - end).days, -1
    days = (first + ONE_DAY * i for i in range(count))
    return sign * sum(1 for day in days if is_working_day(day, holidays))


@dataclass(frozen=True)
class HolidayYear:
    """One calendar year of the shipped holiday data, with its provenance."""

    year_be: int
    verified: bool
    source: str
    missing: tuple[str, ...]
    holidays: Mapping[date, str]


def load_holiday_years() -> list[HolidayYear]:
    """Every year in `data/holidays.json`, oldest first."""
    raw = json.loads(files(__package__).joinpath("data/holidays.json").read_text(encoding="utf-8"))
    return [_holiday_year(entry) for entry in raw["years"]]


def _holiday_year(entry: dict) -> HolidayYear:
    holidays = {date.fromisoformat(h["date"]): h["name"] for h in entry["holidays"]}
    return HolidayYear(
        entry["year_be"], entry["verified"], entry["source"], tuple(entry["missing"]), holidays
    )


def load_official_holidays(
    years: Iterable[int] | None = None, verified_only: bool = False
) -> dict[date, str]:
    """Shipped official holidays as {date: name}.

    `years` are Buddhist-era calendar years (2565 = 2022); None means all.
    `verified_only` drops the years whose list has not been cross-checked.
    """
    wanted = None if years is None else set(years)
    if wanted and min(wanted) < 2400:
        raise ValueError(f"ใช้ปี พ.ศ. / years must be Buddhist-era (e.g. 2565): {sorted(wanted)}")
    result: dict[date, str] = {}
    for year in load_holiday_years():
        if (wanted is None or year.year_be in wanted) and (year.verified or not verified_only):
            result.update(year.holidays)
    return result
