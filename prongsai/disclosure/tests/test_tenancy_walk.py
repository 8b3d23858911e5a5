"""The project-wide isolation walk, limited to this app's pages (runs even when other apps' data
cannot be built)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.tests import test_tenant_isolation as walk
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.disclosure.tests import tenancy

pytestmark = pytest.mark.django_db


def test_no_disclosure_page_shows_another_organisations_rows(client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    tenancy.populate(org_a, walk.MARKER_A)
    tenancy.populate(org_b, walk.MARKER_B)
    user = make_staff(org_a, roles=(*walk.ALL_ROLES, "publisher"))
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    seen_a = walked = 0
    for name, names in walk.discover():
        if not name.startswith("disclosure"):
            continue
        response = client.get(reverse(name, kwargs=walk.kwargs_for(names, org_a, org_b, use_b=False)))
        assert response.status_code < 500, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert walk.MARKER_B.encode() not in body, name
        seen_a += walk.MARKER_A.encode() in body
        walked += 1
        if any(n.endswith("_id") for n in names):
            foreign = reverse(name, kwargs=walk.kwargs_for(names, org_a, org_b, use_b=True))
            assert client.get(foreign).status_code == 404, foreign
    assert walked >= 20 and seen_a >= 6
