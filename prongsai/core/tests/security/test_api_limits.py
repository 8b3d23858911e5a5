"""Lows of finding 14 in the API: rate-limit bypass by made-up tokens, token expiry by the Bangkok day."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.api.models import ApiToken
from prongsai.api.tests.factories import bearer, make_token
from prongsai.core.tests.factories import login_verified, make_org, make_staff

API = "/api/v1"
BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def org(db):
    return make_org("org-a")


def random_bearer() -> dict:
    return bearer(f"ps_{secrets.token_hex(6)}_{secrets.token_urlsafe(8)}")


def test_random_bearer_headers_share_the_callers_address_bucket(client, org, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = 3
    statuses = [client.get(f"{API}/organisations", **random_bearer()).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_guessed_tokens_on_staff_endpoints_are_slowed_to_429(client, org, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = 3
    statuses = [client.get(f"{API}/staff/token", **random_bearer()).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]


def test_a_real_token_keeps_its_own_bucket_while_its_address_is_spent(client, org, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = 1
    _token, secret = make_token(org)
    for _ in range(3):
        client.get(f"{API}/organisations", **random_bearer())
    assert client.get(f"{API}/staff/token", **bearer(secret)).status_code == 200


def test_each_proxied_address_has_its_own_bucket_for_guesses(client, org, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = 2
    settings.API_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    spent = [client.get(f"{API}/organisations", HTTP_X_REAL_IP="203.0.113.7", **random_bearer()).status_code
             for _ in range(3)]  # fmt: skip
    other = client.get(f"{API}/organisations", HTTP_X_REAL_IP="203.0.113.8", **random_bearer()).status_code
    assert spent == [200, 200, 429] and other == 200


@pytest.fixture
def admin(client, org):
    login_verified(client, user := make_staff(org, roles=("org_admin",)))
    return user


@pytest.mark.parametrize("active_zone", ["UTC", "America/New_York", "Asia/Bangkok"])
def test_a_token_expires_at_the_end_of_the_chosen_bangkok_day(client, admin, active_zone):
    day = timezone.now().astimezone(BANGKOK).date() + timedelta(days=10)
    with timezone.override(ZoneInfo(active_zone)):
        data = {"name": "e-Saraban", "scopes": ["plans:read"], "expires_on": day.isoformat()}
        response = client.post(reverse("api_staff:tokens"), data)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="e-Saraban")
    assert token.expires_at == datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=BANGKOK)
    end_of_day = datetime(day.year, day.month, day.day, 23, 59, tzinfo=BANGKOK)
    assert token.is_active(end_of_day) and not token.is_active(end_of_day + timedelta(minutes=1))


def test_a_past_expiry_date_is_refused_in_thai_and_english(client, admin):
    yesterday = timezone.now().astimezone(BANGKOK).date() - timedelta(days=1)
    data = {"name": "old", "scopes": ["plans:read"], "expires_on": yesterday.isoformat()}
    thai = client.post(reverse("api_staff:tokens"), data)
    assert thai.status_code == 200 and "วันหมดอายุต้องเป็นวันนี้หรือหลังจากนี้" in thai.content.decode()
    client.cookies["django_language"] = "en"
    english = client.post(reverse("api_staff:tokens"), data)
    assert "The expiry date must be today or later." in english.content.decode()
    assert not ApiToken.objects.filter(name="old").exists()


def test_today_is_still_a_valid_expiry_date(client, admin):
    today = timezone.now().astimezone(BANGKOK).date()
    client.post(
        reverse("api_staff:tokens"),
        {"name": "today", "scopes": ["plans:read"], "expires_on": today.isoformat()},
    )
    assert ApiToken.objects.get(name="today").expires_at.astimezone(BANGKOK).date() == today


def test_create_token_refuses_an_expiry_in_the_past(org):
    with pytest.raises(ValueError, match="past"):
        make_token(org, expires_at=timezone.now() - timedelta(seconds=1))


def test_expiry_day_is_bangkoks_day_not_the_servers(org):
    from prongsai.api.tokens import expiry_for

    assert expiry_for(date(2999, 1, 31)).utcoffset() == timedelta(hours=7)
