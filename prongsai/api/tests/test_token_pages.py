"""The administrator's token pages: create (secret shown once), list, revoke; others get 403."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.api.models import ApiToken
from prongsai.api.tokens import authenticate
from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff


@pytest.fixture(autouse=True)
def _english(english_messages):
    """Messages are read by their English text."""


def login(client, user):
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def admin_client(client, db):
    organisation = make_org("org-admin")
    login(client, make_staff(organisation, roles=("org_admin",)))
    return client


def test_an_administrator_creates_a_token_and_sees_the_secret_once(admin_client):
    url = reverse("api_staff:tokens")
    response = admin_client.post(url, {"name": "e-Saraban", "scopes": ["disclosure:write", "plans:read"]})
    secret = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode()).group(1)
    token = authenticate(secret)
    assert token.name == "e-Saraban" and token.scopes == ["disclosure:write", "plans:read"]
    assert secret not in admin_client.get(url).content.decode()
    entry = AuditEntry.objects.get(object_type="api.apitoken", object_id=str(token.pk))
    assert entry.actor_name.startswith("user")


def test_a_token_needs_a_name_and_a_scope(admin_client):
    response = admin_client.post(reverse("api_staff:tokens"), {"name": "", "scopes": []})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "This field is required" in response.content.decode()


def test_an_expiry_date_is_kept(admin_client):
    admin_client.post(
        reverse("api_staff:tokens"), {"name": "x", "scopes": ["plans:read"], "expires_on": "2030-01-31"}
    )
    assert ApiToken.objects.get().expires_at.date().isoformat() == "2030-01-31"


def test_revoking_stops_the_token(admin_client):
    admin_client.post(reverse("api_staff:tokens"), {"name": "x", "scopes": ["plans:read"]})
    token = ApiToken.objects.get()
    response = admin_client.post(reverse("api_staff:revoke", kwargs={"api_token_id": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in admin_client.get(reverse("api_staff:tokens")).content.decode()


def test_other_roles_cannot_manage_tokens(client, db):
    organisation = make_org("org-x")
    login(client, make_staff(organisation, roles=("analyst", "publisher")))
    assert client.get(reverse("api_staff:tokens")).status_code == 403


def test_another_organisations_token_cannot_be_revoked(admin_client):
    from prongsai.api.tokens import create_token

    foreign, _secret = create_token(make_org("org-y"), "theirs", ["plans:read"])
    response = admin_client.post(reverse("api_staff:revoke", kwargs={"api_token_id": foreign.pk}))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_the_staff_menu_leads_administrators_to_the_tokens(admin_client):
    page = admin_client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("api_staff:tokens")}"' in page
