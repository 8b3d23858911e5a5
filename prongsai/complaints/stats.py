"""Public statistics of the complaint centre: counts only, small numbers hidden.

Assumption: a count below SUPPRESS_BELOW (3) could point to a person (one complaint about the
one procurement officer), so it is shown as "< 3"; zero is shown as 0, since it identifies
no one. A hidden cell must not be recoverable by subtraction: every table of a fiscal year
(category, state, month, cases closed) sums to the year's total, so an exact total, or one
table without small cells, gives the hidden cell back. Hence one rule per fiscal year: when any
count of that year is hidden, *every* count of that year (its total, the figure in the list of
years, each cell of 3 or more, cases closed) is rounded to the nearest ROUND_TO (at least
ROUND_TO), and `rounded_to` says so; a year without small counts is shown exactly. The page,
the CSV and the API all read this module. No text of any complaint is used.

Time to close (received → closed) is given per fiscal year of receipt as the number of closed
cases, the median and mean in days and the median in Thai working days; with fewer than
SUPPRESS_BELOW closed cases the durations are not shown (one case's duration is that case).
Cases deleted after their retention period count through their anonymous `ClosedCase` row
(retention.py), so the figures do not change when cases are deleted.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from prongsai.complaints.models import Category, ClosedCase, Complaint
from prongsai.complaints.workflow import State
from prongsai.core.calendar import holiday_calendar
from prongsai.thai.dates import MONTHS, be_year
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.thai.workdays import working_days_between

SUPPRESS_BELOW = 3
ROUND_TO = 5


def shown(n: int) -> str:
    return "< 3" if 0 < n < SUPPRESS_BELOW else str(n)


def rounded(n: int) -> str:
    """A count of a year that has hidden cells: small ones hidden, the others rounded."""
    if n < SUPPRESS_BELOW:
        return shown(n)
    return str(max(ROUND_TO, ROUND_TO * round(n / ROUND_TO)))


def _has_small(counts) -> bool:
    return any(0 < n < SUPPRESS_BELOW for n in counts)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    code: str = ""


@dataclass(frozen=True)
class Statistics:
    fiscal_year: int
    total: str
    by_category: list[Row]
    by_state: list[Row]
    by_month: list[Row]
    years: list[Row]
    time_to_close: list[Row]
    rounded_to: int = 0  # ROUND_TO when the year's counts are rounded (some were small)


def _cases(organisation) -> tuple[list[tuple], list[tuple]]:
    """(received, category, state) of every case, and (received, days, working days) of the closed."""
    live = list(
        Complaint.objects.for_org(organisation).values_list("received_on", "category", "state", "closed_on")
    )
    archived = list(
        ClosedCase.objects.for_org(organisation).values_list(
            "received_month", "category", "days_to_close", "working_days_to_close"
        )
    )
    calendar = holiday_calendar() if any(c for *_r, c in live) else {}
    rows = [(d, c, s) for d, c, s, _closed in live] + [(d, c, State.CLOSED) for d, c, _n, _w in archived]
    closed = [
        (d, (end - d).days, max(0, working_days_between(d, end, calendar)))
        for d, _c, s, end in live
        if s == State.CLOSED and end
    ] + [(d, n, w) for d, _c, n, w in archived]
    return rows, closed


def _figure(values: list[int], how) -> str:
    """A duration, or "–" when so few cases closed that it would describe one of them."""
    if len(values) < SUPPRESS_BELOW:
        return "–"
    return f"{how(values):.1f}".removesuffix(".0")


def _time_to_close(closed: list[tuple], show=shown) -> list[Row]:
    days = [n for _d, n, _w in closed]
    working = [w for _d, _n, w in closed]
    return [
        Row(_("Cases closed"), show(len(days)), "closed"),
        Row(_("Median days to close"), _figure(days, pystats.median), "median_days"),
        Row(_("Mean days to close"), _figure(days, pystats.mean), "mean_days"),
        Row(_("Median working days to close"), _figure(working, pystats.median), "median_working_days"),
    ]


def _year_counts(selected: list[tuple], closed: list[tuple]) -> tuple[Counter, Counter, Counter, int]:
    categories = Counter(c for _d, c, _s in selected)
    states = Counter(s for _d, _c, s in selected)
    months = Counter((d.year, d.month) for d, _c, _s in selected)
    return categories, states, months, len(closed)


def _is_rounded(counts: tuple[Counter, Counter, Counter, int]) -> bool:
    categories, states, months, closed = counts
    return _has_small([*categories.values(), *states.values(), *months.values(), closed])


def statistics(organisation, fiscal_year: int | None = None) -> Statistics:
    rows, closed = _cases(organisation)
    by_year: dict[int, list[tuple]] = {}
    for row in rows:
        by_year.setdefault(fiscal_year_of(row[0]), []).append(row)
    closed_by_year: dict[int, list[tuple]] = {}
    for row in closed:
        closed_by_year.setdefault(fiscal_year_of(row[0]), []).append(row)
    if fiscal_year is None:
        fiscal_year = max(by_year) if by_year else None

    def show_for(year):
        counts = _year_counts(by_year.get(year, []), closed_by_year.get(year, []))
        return rounded if _is_rounded(counts) else str

    selected = by_year.get(fiscal_year, [])
    categories, states, months, _n = _year_counts(selected, closed_by_year.get(fiscal_year, []))
    show = show_for(fiscal_year)
    return Statistics(
        fiscal_year=fiscal_year or 0,
        total=show(len(selected)),
        by_category=[Row(str(label), show(categories[code]), code) for code, label in Category.choices],
        by_state=[Row(str(label), show(states[code]), code) for code, label in State.choices],
        by_month=[Row(f"{MONTHS[m - 1]} {be_year(y)}", show(n)) for (y, m), n in sorted(months.items())],
        years=[Row(str(y), show_for(y)(len(r))) for y, r in sorted(by_year.items(), reverse=True)],
        time_to_close=_time_to_close(closed_by_year.get(fiscal_year, []), show),
        rounded_to=ROUND_TO if show is rounded else 0,
    )
