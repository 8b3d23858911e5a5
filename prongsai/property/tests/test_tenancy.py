"""The markers the project-wide tenant walk looks for are really printed on property pages."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.tests import tenancy as core_tenancy
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import ALL_ROLES, MARKER_A, MARKER_B
from prongsai.property.tests import tenancy


@pytest.fixture
def orgs(db, client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    for org, marker in ((org_a, MARKER_A), (org_b, MARKER_B)):
        core_tenancy.populate(org, marker)
        tenancy.populate(org, marker)
    user = make_staff(org_a, roles=ALL_ROLES)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return org_a, org_b


def test_the_markers_are_really_shown(orgs, client):
    org_a, _ = orgs
    for url in (
        reverse("property:index"),
        reverse("property:report"),
        reverse("property:loans"),
        reverse("property_public:rules", kwargs={"org_slug": org_a.slug}),
    ):
        assert MARKER_A in client.get(url).content.decode(), url
