"""The header's language switch takes no CSRF token; the browser's word on where the form came
from stands in for it (core/language_switch.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db


def switch(client, language="en", **headers):
    return client.post(reverse("set_language"), {"language": language, "next": "/"}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "none"},  # typed in by the person
        {"Origin": "http://testserver"},  # a browser without Fetch Metadata
        {},  # not a browser: no visitor's cookies to abuse
    ],
)
def test_a_switch_from_our_own_page_changes_the_language(client, headers):
    client.handler.enforce_csrf_checks = True
    response = switch(client, **headers)
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://other.testserver"},  # a sibling sub-domain
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame
    ],
)
def test_another_site_cannot_switch_a_visitors_language(client, headers):
    response = switch(client, **headers)
    page = response.content.decode()
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert "เปลี่ยนภาษาได้จากหน้าของเว็บไซต์นี้เท่านั้น" in page  # said in Thai, the default language


def test_the_switch_only_takes_a_post(client):
    assert client.get(reverse("set_language"), {"language": "en"}).status_code == 405


def test_an_anonymous_page_mints_no_csrf_token_and_a_signed_in_one_does(client):
    org = make_org()
    anonymous = client.get(f"/{org.slug}/")
    assert anonymous.status_code == 200 and settings.CSRF_COOKIE_NAME not in anonymous.cookies
    assert "X-CSRFToken" not in anonymous.content.decode()
    client.force_login(make_staff(org))
    staff = client.get(reverse("core:dashboard"))
    assert staff.status_code == 200 and settings.CSRF_COOKIE_NAME in staff.cookies
    assert f'"X-CSRFToken": "{staff.context["csrf_token"]}"' in staff.content.decode()
