"""Rank and percentile among peers, read from the cached table of a year's totals."""

from decimal import Decimal

import pytest

from prongsai.core.models import OrganisationKind
from prongsai.core.tests.factories import make_org
from prongsai.ita import results
from prongsai.ita.tests.factories import make_result

pytestmark = pytest.mark.django_db


def scored(total: str, **org_fields):
    return make_result(make_org(**org_fields), 2564, {n: Decimal(total) for n in range(1, 11)})


def by_group(result) -> dict:
    return {row["group"]: row for row in results.peers(result)}


def test_ranks_share_ties_and_count_each_peer_group():
    sao = {"kind": OrganisationKind.SAO, "province": "ลำปาง"}
    best = scored("90.00", **sao)
    tied_a = scored("80.25", **sao)
    tied_b = scored("80.25")  # another kind and province
    low = scored("60.10", **sao)
    rows = by_group(tied_a)
    assert rows["country"] == {"group": "country", "count": 4, "rank": 2, "percentile": Decimal("75.00")}
    assert rows["kind"]["count"] == 3 and rows["kind"]["rank"] == 2
    assert rows["province"]["rank"] == 2
    assert by_group(tied_b)["country"]["rank"] == 2
    assert by_group(best)["country"]["rank"] == 1 and by_group(best)["country"]["percentile"] == 100
    assert by_group(low)["country"] == {
        "group": "country",
        "count": 4,
        "rank": 4,
        "percentile": Decimal("25.00"),
    }


def test_a_new_result_changes_the_ranking_at_once():
    first = scored("70.00")
    scored("65.00")
    assert by_group(first)["country"]["rank"] == 1
    scored("70.01")  # saving a result invalidates the cached table of its year
    assert by_group(first)["country"] == {
        "group": "country",
        "count": 3,
        "rank": 2,
        "percentile": Decimal("66.67"),
    }


def test_a_group_of_one_is_not_shown():
    alone = scored("75.00", kind=OrganisationKind.PAO, province="น่าน")
    scored("75.00")
    assert set(by_group(alone)) == {"country"}
