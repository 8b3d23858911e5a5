"""The fiscal years a user may pick, for every year picker of every app.

One list everywhere: `results.known_years()`, 2563 .. the next fiscal year from the clock (and any
year an administrator saved a framework for), newest first, so that no picker stops at the years
Prongsai was built with and the current year is never missing.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.ita.results import known_years
from prongsai.thai.fiscal import fiscal_year_of


def pickable_years() -> list[int]:
    return sorted(known_years(), reverse=True)


def year_choices() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in pickable_years()]


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def fiscal_year_field(label=None, **kwargs) -> forms.TypedChoiceField:
    """A select of the pickable years (read when the form is drawn), the current one chosen."""
    kwargs.setdefault("initial", current_fiscal_year)
    label = label or _("Fiscal year (B.E.)")
    return forms.TypedChoiceField(label=label, coerce=int, choices=year_choices, **kwargs)
