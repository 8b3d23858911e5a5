"""The planted year of แบบ สขร.๑ (`integrity/samples.py`) imported for a test, with its lines' ids."""

from __future__ import annotations

from prongsai.integrity.samples import (  # noqa: F401 - the tests import the names from here
    LOSING_FIRM,
    LOSING_FIRM_ID,
    RELATED_FIRM,
    RELATED_FIRM_ID,
    SPLIT_SUPPLIER,
    import_months,
    with_check_digit,
)


def import_planted(org, year: int) -> dict[str, int]:
    """Import both months; returns the planted lines' ids by label."""
    from prongsai.disclosure.models import ProcurementLine

    import_months(org, year)
    lines = {
        (line.summary.month, line.number): line.pk
        for line in ProcurementLine.objects.for_org(org).select_related("summary")
    }
    return {
        "split_a": lines[(1, 1)], "split_b": lines[(1, 2)], "single_bidder": lines[(1, 5)],
        "equal_price": lines[(2, 2)], "related": lines[(2, 3)], "related_elsewhere": lines[(2, 5)],
        "three_bidders": lines[(2, 1)],
    }  # fmt: skip
