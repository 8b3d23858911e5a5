"""The project-wide tenant walk, limited to this app's URLs (runs while other apps are in flux)."""

import pytest
from django.urls import reverse

from prongsai.complaints.tests import tenancy
from prongsai.complaints.tests.factories import login_verified
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import discover, kwargs_for

pytestmark = pytest.mark.django_db


def test_no_complaint_page_shows_another_organisations_rows(client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    tenancy.populate(org_a, "QQORGAQQ")
    tenancy.populate(org_b, "ZZORGBZZ")
    login_verified(client, make_staff(org_a, roles=("complaints_officer",)))
    walked = 0
    for name, names in discover():
        if not name.startswith("complaints"):
            continue
        url = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=False))
        response = client.get(url)
        assert response.status_code < 500, url
        assert "ZZORGBZZ" not in response.content.decode(), url
        walked += 1
        if any(n.endswith("_id") for n in names):
            foreign = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=True))
            assert client.get(foreign).status_code == 404, foreign
    assert walked >= 10
    page = client.get(
        reverse("complaints:complaint", kwargs=kwargs_for(["complaint_id"], org_a, org_b, False))
    )
    assert "QQORGAQQ" in page.content.decode()  # the walk would see a leak
