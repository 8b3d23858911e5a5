"""Public statistics of the complaint centre: counts only, small numbers hidden.

Assumption: a count below SUPPRESS_BELOW (3) could point to a person (one complaint about the
one procurement officer), so it is shown as "< 3"; zero is shown as 0, since it identifies
no one. Totals are shown in full; with few cases a suppressed cell could be worked out from a
total minus the other cells, so rows are totalled only by fiscal year, never per category and
month together. No text of any complaint is used.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from prongsai.complaints.models import Category, Complaint
from prongsai.complaints.workflow import State
from prongsai.thai.dates import MONTHS, be_year
from prongsai.thai.fiscal import fiscal_year_of

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


def statistics(organisation, fiscal_year: int | None = None) -> Statistics:
    rows = list(Complaint.objects.for_org(organisation).values_list("received_on", "category", "state"))
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
    )
