from decimal import Decimal

import pytest

from prongsai.disclosure.catalogue import ensure_catalogue, readiness
from prongsai.disclosure.models import Item
from prongsai.disclosure.tests.factories import item_of, make_publication
from prongsai.ita.results import framework_for
from prongsai.ita.tests.factories import make_result

pytestmark = pytest.mark.django_db


def test_the_2565_catalogue_has_every_item_of_that_years_framework(org):
    assert ensure_catalogue(org, 2565) == len(framework_for(2565).oit_items) == 43
    assert ensure_catalogue(org, 2565) == 0  # idempotent
    codes = list(Item.objects.for_org(org).filter(year=2565).values_list("code", flat=True))
    assert codes == [i.code for i in framework_for(2565).oit_items]


def test_publishing_one_item_moves_the_score_by_exactly_its_share(org):
    ensure_catalogue(org, 2565)
    before = readiness(org, 2565)
    item = item_of(org, "o42")
    siblings = Item.objects.for_org(org).filter(year=2565, sub_indicator=item.sub_indicator).count()
    subs_of_10 = len({i.sub_indicator for i in before.items if i.indicator == 10})
    make_publication(item, "มาตรการส่งเสริมคุณธรรม")
    after = readiness(org, 2565)
    assert after.ready_count == before.ready_count + 1
    assert after.scores[item.sub_indicator] - before.scores[item.sub_indicator] == round(
        Decimal(100) / siblings, 2
    )
    assert after.scores[10] - before.scores[10] == round(Decimal(100) / siblings / subs_of_10, 2)
    assert after.scores[9] == before.scores[9] == 0


def test_a_scheduled_publication_does_not_make_the_item_ready(org):
    make_publication(item_of(org, "o1"), days_ago=-3)
    assert readiness(org, 2565).ready_count == 0


def test_predicted_total_uses_the_latest_iit_eit(org):
    ensure_catalogue(org, 2565)
    result = make_result(org, 2564)
    report = readiness(org, 2565)
    assert report.based_on == result
    scores = {**result.scores, 9: 0, 10: 0}
    weighted = sum(scores[i.code] * i.weight / 100 for i in framework_for(2565).indicators)
    assert report.predicted_total == round(weighted, 2)
