"""Whether a year's OIT catalogue is confirmed.

A year without its own ITA framework carries the latest earlier one forward so that the
organisation can publish at once (`ita.results.framework_for`); staff and citizens must see that
its item list is not yet confirmed ("ยังไม่ยืนยัน") and which year it was carried from.
"""

from __future__ import annotations

from prongsai.ita.framework import FrameworkError
from prongsai.ita.results import framework_for


def carried_from(year: int) -> int | None:
    """The year whose framework the catalogue of `year` carries forward; None when it has its own."""
    try:
        return framework_for(year).carried_forward_from
    except FrameworkError:
        return None
