"""Public statistics of the complaint centre: counts only, small numbers hidden.

Assumption: a count below SUPPRESS_BELOW (3) could point to a person (one complaint about the
one procurement officer), so it is shown as "< 3"; zero is shown as 0, since it identifies
no one. Totals are shown in full; with few cases a suppressed cell could be worked out from a
total minus the other cells, so rows are totalled only by fiscal year, never per category and
month together. No text of any complaint is used.

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


def shown(n: int) -> str:
    return "< 3" if 0 < n < SUPPRESS_BELOW else str(n)


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


def _time_to_close(closed: list[tuple]) -> list[Row]:
    days = [n for _d, n, _w in closed]
    working = [w for _d, _n, w in closed]
    return [
        Row(_("Cases closed"), shown(len(days)), "closed"),
        Row(_("Median days to close"), _figure(days, pystats.median), "median_days"),
        Row(_("Mean days to close"), _figure(days, pystats.mean), "mean_days"),
        Row(_("Median working days to close"), _figure(working, pystats.median), "median_working_days"),
    ]


def statistics(organisation, fiscal_year: int | None = None) -> Statistics:
    rows, closed = _cases(organisation)
    fiscal_years = Counter(fiscal_year_of(d) for d, _c, _s in rows)
    if fiscal_year is None:
        fiscal_year = max(fiscal_years) if fiscal_years else None
    selected = [(d, c, s) for d, c, s in rows if fiscal_year_of(d) == fiscal_year]
    categories = Counter(c for _d, c, _s in selected)
    states = Counter(s for _d, _c, s in selected)
    months = Counter((d.year, d.month) for d, _c, _s in selected)
    return Statistics(
        fiscal_year=fiscal_year or 0,
        total=shown(len(selected)),
        by_category=[Row(str(label), shown(categories[code]), code) for code, label in Category.choices],
        by_state=[Row(str(label), shown(states[code]), code) for code, label in State.choices],
        by_month=[Row(f"{MONTHS[m - 1]} {be_year(y)}", shown(n)) for (y, m), n in sorted(months.items())],
        years=[Row(str(y), shown(n)) for y, n in sorted(fiscal_years.items(), reverse=True)],
        time_to_close=_time_to_close([c for c in closed if fiscal_year_of(c[0]) == fiscal_year]),
    )
