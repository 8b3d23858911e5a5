"""The item page's hand-written reads give what the ORM gives, one organisation at a time (ADR 0005)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.core.tests.columns import column_values
from prongsai.core.tests.factories import make_org, make_unit
from prongsai.disclosure import item_page
from prongsai.disclosure.models import Item, Publication
from prongsai.disclosure.tests.factories import item_of, make_document, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs():
    """Two organisations with the same item code and year, each with publications of its own."""
    orgs = make_org("first-org"), make_org("second-org", official_digits="arabic")
    for n, org in enumerate(orgs):
        item = item_of(org, "o5", 2566)
        unit = make_unit(org, name=f"กองคลัง {n}")
        old = make_publication(item, f"ฉบับเดิม {n}", days_ago=30, unit=unit, period_start=date(2023, 1, 1))
        make_publication(item, f"ฉบับใหม่ {n}", days_ago=2, supersedes=old, url="https://example.go.th/1")
        make_document(item, f"รายงาน {n}")
        make_publication(item, f"ตั้งเวลา {n}", days_ago=-3)  # scheduled
    return orgs


def columns_of(row) -> dict | None:
    """A record's column values: the related records it carries and its `pk` alias left out."""
    return None if row is None else {k: v for k, v in row.items() if k not in {"pk", "organisation", "unit"}}


def test_the_item_and_its_publications_are_the_orms_rows(two_orgs):
    for org in two_orgs:
        expected = Item.objects.select_related("organisation").get(organisation=org, year=2566, code="o5")
        found, got = item_page.item(org.slug, 2566, "o5")
        assert columns_of(found) == column_values(expected) and found.pk == expected.pk
        assert columns_of(found.organisation) == column_values(expected.organisation)
        rows = list(Publication.objects.filter(organisation=org, item=expected).select_related("unit"))
        assert len(got) == len(rows) == 4
        for mine, theirs in zip(got, rows, strict=True):
            assert columns_of(mine) == column_values(theirs, item_page.NOT_SHOWN) and mine.pk == theirs.pk
            assert columns_of(mine.unit) == column_values(theirs.unit)
        assert all(p.organisation_id == org.pk for p in got)
        assert timezone.is_aware(got[0].publish_at)
        assert got[-1].publish_at < timezone.now() - timedelta(days=20)


def test_an_item_with_nothing_published_has_no_publications(two_orgs):
    item_of(two_orgs[0], "o6", 2566)
    found, publications = item_page.item("first-org", 2566, "o6")
    assert found.code == "o6" and found.organisation.slug == "first-org" and publications == []


def test_a_missing_item_or_organisation_finds_nothing(two_orgs):
    assert item_page.item("first-org", 2566, "o999") is None
    assert item_page.item("no-such-org", 2566, "o5") is None
    assert item_page.item("first-org", 2599, "o5") is None
    assert item_page.item("first-org", 10**30, "o5") is None  # a huge year from the address


def test_the_page_shows_its_own_organisations_publications_in_its_digits(client, two_orgs, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"  # the official face: Thai words, Thai digits
    first, second = two_orgs
    url = reverse("disclosure_public:item", kwargs={"org_slug": first.slug, "year": 2566, "item_code": "o5"})
    page = client.get(url).content.decode()
    assert "ฉบับใหม่ 0" in page.replace("๐", "0") and "กองคลัง ๐" in page and "ตั้งเวลา" not in page
    assert "ฉบับใหม่ 1" not in page and "ฉบับใหม่ ๑" not in page
    other = client.get(url.replace(first.slug, second.slug)).content.decode()
    assert "กองคลัง 1" in other and "๑" not in other  # the second organisation chose Arabic digits
