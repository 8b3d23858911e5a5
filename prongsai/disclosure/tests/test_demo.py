"""Acceptance of issue #7 on the demo municipality (เทศบาลตำบลบ่อพลอย), loaded as `prongsai demo` does."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation
from prongsai.disclosure import itas
from prongsai.disclosure.catalogue import ensure_catalogue, readiness
from prongsai.disclosure.models import Item
from prongsai.disclosure.publishing import publish
from prongsai.disclosure.tests.factories import PDF
from prongsai.ita.results import framework_for, known_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()
    return Organisation.objects.get(slug="bophloi")


def test_the_2565_catalogue_is_complete_and_the_measures_document_moves_the_score_by_its_share(demo):
    framework = framework_for(2565)
    codes = list(Item.objects.for_org(demo).filter(year=2565).values_list("code", flat=True))
    assert codes == [i.code for i in framework.oit_items] and len(codes) == 43
    before = readiness(demo, 2565)
    item = Item.objects.for_org(demo).get(year=2565, code="o42")  # มาตรการส่งเสริมคุณธรรมและความโปร่งใส…
    assert item.pk not in before.ready
    siblings = sum(1 for i in before.items if i.sub_indicator == item.sub_indicator)
    subs_of_10 = len({i.sub_indicator for i in before.items if i.indicator == 10})
    publish(
        demo, fiscal_year=2565, item_code="o42", content=PDF, filename="measures-2565.pdf",
        title="ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
    )  # fmt: skip
    after = readiness(demo, 2565)
    assert after.ready == before.ready | {item.pk}
    share = Decimal(100) / siblings
    assert after.scores[item.sub_indicator] - before.scores[item.sub_indicator] == round(share, 2)
    assert after.scores[10] - before.scores[10] == round(share / subs_of_10, 2)
    assert after.scores[9] == before.scores[9]
    # The demo has the seed's ITA 2564 result, so the predicted total moves by indicator 10's weight.
    assert before.based_on is not None and before.based_on.year == 2564
    weight = next(i.weight for i in framework.indicators if i.code == 10)
    moved = after.predicted_total - before.predicted_total
    assert abs(moved - (after.scores[10] - before.scores[10]) * weight / 100) <= Decimal("0.01")


@pytest.mark.parametrize("which", ["2565", "latest framework"])
def test_every_url_of_the_itas_export_answers_200_on_the_demo(demo, client, which):
    year = 2565 if which == "2565" else max(known_years())
    ensure_catalogue(demo, year)
    table = itas.rows(demo, year, settings.SITE_URL)
    assert len(table) == len(framework_for(year).oit_items)
    site = urlsplit(settings.SITE_URL).netloc
    for row in table:
        assert row["urls"], row
        for url in row["urls"]:
            parts = urlsplit(url)
            assert parts.netloc == site, (
                f"{row['code']}: {url} is not on this site and cannot be checked here"
            )
            response = client.get(parts.path)
            assert response.status_code == 200, (row["code"], url, response.status_code)
