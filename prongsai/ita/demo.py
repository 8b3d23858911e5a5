"""Demo ITA data: the seed memo's ITA 2564 result of เทศบาลตำบลบ่อพลอย, as it was reported."""

from decimal import Decimal

from prongsai.ita import results
from prongsai.ita.models import Source

# From the seed memo's analysis table; the reported total 79.58 disagrees with the scores (79.78).
SEED_2564 = ["85.59", "79.95", "80.50", "77.10", "84.98", "80.33", "80.63", "72.58", "72.21", "87.50"]
EXAMPLE_2564 = ["91.20", "88.40", "90.10", "86.75", "89.30", "87.90", "86.10", "84.20", "80.11", "93.75"]


# The OIT items the seed's analysis names as missing (executives' information, the 6- and
# 12-month reports, procurement plan/summaries/report, HR policy, complaint channel, participation).
# Only indicator 9's items (o1–o33) are recorded: the seed does not say which items of 10 failed.
SEED_FAILED_ITEMS = {"o2", "o11", "o12", "o21", "o23", "o24", "o26", "o30", "o33"}


def load(organisations: dict) -> None:
    items = {f"o{n}": f"o{n}" not in SEED_FAILED_ITEMS for n in range(1, 34)}
    for slug, scores, reported, oit in [
        ("bophloi", SEED_2564, ("79.58", "B"), items),
        ("example-sao", EXAMPLE_2564, None, None),
    ]:
        results.save_result(
            organisations[slug],
            2564,
            {n: Decimal(s) for n, s in enumerate(scores, start=1)},
            reported_total=Decimal(reported[0]) if reported else None,
            reported_rating=reported[1] if reported else "",
            oit_items=oit,
            source=Source.PASTE,
        )
