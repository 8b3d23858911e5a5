"""Publishing the usage rules also lists them on the disclosure portal (measure 1 of the seed)."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org
from prongsai.disclosure.models import Publication
from prongsai.property.tests.factories import make_office, make_rules

pytestmark = pytest.mark.django_db


def publish(client, rules):
    return client.post(
        reverse("property:rules_publish", kwargs={"usage_rules_id": rules.pk}), {"published": "1"}
    )


def test_published_rules_are_listed_under_the_work_manual_item_of_the_fiscal_year(client):
    org = make_org()
    _unit, _head, _officer, clerk = make_office(org)
    rules = make_rules(org)
    client.force_login(clerk)
    with mock.patch("prongsai.property.views.timezone.localdate", return_value=date(2022, 2, 15)):
        publish(client, rules)
    publication = Publication.objects.for_org(org).get()
    assert (publication.item.year, publication.item.code) == (2565, "o13")
    assert publication.url.endswith(f"/{org.slug}/property/rules/")


def test_a_year_without_its_own_framework_lists_the_rules_in_the_catalogue_carried_forward(client):
    """FY 2570 has no framework of its own: the 2568 list is carried forward, where the manual is
    "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่" (o8)."""
    org = make_org()
    _unit, _head, _officer, clerk = make_office(org)
    rules = make_rules(org)
    client.force_login(clerk)
    with mock.patch("prongsai.property.views.timezone.localdate", return_value=date(2027, 1, 5)):
        page = publish(client, rules)
    rules.refresh_from_db()
    publication = Publication.objects.for_org(org).get()
    assert rules.published and page.status_code == 302
    assert (publication.item.year, publication.item.code) == (2570, "o8") and publication.item.unverified
