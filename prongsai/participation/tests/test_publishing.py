"""The yearly participation report goes to the OIT participation item in one action."""

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_staff
from prongsai.disclosure.models import Publication
from prongsai.participation.publishing import report_item_code

pytestmark = pytest.mark.django_db


def test_the_item_is_found_by_title_in_each_years_numbering():
    assert (report_item_code(2565), report_item_code(2566)) == ("o33", "o30")


def test_publishing_links_the_public_report_under_the_participation_item(client, org, officer):
    response = client.post(reverse("participation:publish_report", kwargs={"year": 2565}))
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get()
    assert publication.item.code == "o33" and publication.url.endswith(
        f"/{org.slug}/participation/report/2565/"
    )
    assert client.get(publication.url.split("127.0.0.1:8000", 1)[-1]).status_code == 200


def test_staff_without_the_role_cannot_publish(client, org):
    client.force_login(make_staff(org, roles=("unit_head",)))
    assert client.post(reverse("participation:publish_report", kwargs={"year": 2565})).status_code == 403
