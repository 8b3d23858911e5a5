"""ITA rows for the tenant-isolation walk."""

from decimal import Decimal

from prongsai.ita.tests.factories import make_result


def populate(org, marker: str) -> None:
    # The marker rides on the reported grade, which the analysis page prints.
    result = make_result(org, 2564, {n: Decimal("80.00") for n in range(1, 11)})
    result.reported_rating = f"{marker}B"
    result.save()
