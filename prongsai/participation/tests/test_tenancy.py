"""The project-wide walk, limited to this app's pages, so it runs while other apps change."""

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import discover, model_for, row_of
from prongsai.participation.tests import tenancy

pytestmark = pytest.mark.django_db
A, B = "QQORGAQQ", "ZZORGBZZ"


def test_no_participation_page_shows_another_organisations_rows(client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    tenancy.populate(org_a, A)
    tenancy.populate(org_b, B)
    client.force_login(make_staff(org_a, roles=("participation_officer", "analyst")))
    seen_a = 0
    for name, names in discover():
        if not name.startswith("participation"):
            continue

        def fill(org, names=names):
            return {
                n: org_a.slug if n == "org_slug" else 2565 if n == "year" else row_of(model_for(n), org).pk
                for n in names
            }

        response = client.get(reverse(name, kwargs=fill(org_a)))
        assert response.status_code < 500, name
        body = response.content.decode(errors="replace")
        assert B not in body, name
        seen_a += A in body
        if any(n.endswith("_id") for n in names):
            assert client.get(reverse(name, kwargs=fill(org_b))).status_code == 404, name
    assert seen_a >= 8
