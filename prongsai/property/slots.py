"""Free days in a reservation calendar, in plain dates (no database).

Loans hold whole days, both ends included: a loan 3–5 March and one 5–6 March overlap.
"""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def next_free_start(busy: list[tuple[date, date]], start: date, days: int) -> date:
    """The earliest day on or after `start` from which `days` days in a row are free."""
    candidate = start
    for busy_start, busy_end in sorted(busy):
        if overlaps(candidate, candidate + ONE_DAY * (days - 1), busy_start, busy_end):
            candidate = max(candidate, busy_end + ONE_DAY)
    return candidate
