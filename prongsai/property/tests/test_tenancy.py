"""The project-wide tenant walk (core), limited to this app's pages and rows so its result is ours alone."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.tests import tenancy as core_tenancy
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import ALL_ROLES, MARKER_A, MARKER_B, discover, kwargs_for
from prongsai.property.tests import tenancy


@pytest.fixture
def orgs(db, client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    for org, marker in ((org_a, MARKER_A), (org_b, MARKER_B)):
        core_tenancy.populate(org, marker)
        tenancy.populate(org, marker)
    user = make_staff(org_a, roles=(*ALL_ROLES, "property_officer"))
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return org_a, org_b


def test_property_pages_never_show_or_serve_another_organisations_rows(orgs, client):
    org_a, org_b = orgs
    walked = 0
    for name, names in discover():
        if not name.startswith(("property:", "property_public:")):
            continue
        url = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=False))
        response = client.get(url)
        assert response.status_code < 500, url
        assert MARKER_B not in response.content.decode(), f"{url} shows organisation B's rows"
        walked += 1
        if any(n.endswith("_id") for n in names):
            foreign = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=True))
            assert client.get(foreign).status_code == 404, foreign
    assert walked >= 15


def test_the_markers_are_really_shown(orgs, client):
    org_a, _ = orgs
    for url in (
        reverse("property:index"),
        reverse("property:report"),
        reverse("property:loans"),
        reverse("property_public:rules", kwargs={"org_slug": org_a.slug}),
    ):
        assert MARKER_A in client.get(url).content.decode(), url
