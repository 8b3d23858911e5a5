"""No dead menus (issue 17): every entry of the staff menu opens for the one who sees it, and an
entry whose page would refuse them is not shown. The demo prints every login, the complaint
centre's officer and head included, and break-glass notices reach the centre's head."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from prongsai.complaints import actions, breakglass
from prongsai.complaints.models import Complaint
from prongsai.core.demo import load_demo
from prongsai.core.models import Notification, Organisation, User
from prongsai.core.modules import MODULES, staff_modules
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.walk import principals, signed_in

NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
LINK = re.compile(r'href="(/[^"]*)"')


def menu_links(client) -> list[str]:
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return LINK.findall(NAV.search(response.content.decode())[1])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            load_demo()
            yield Organisation.objects.get(slug="bophloi")
            transaction.set_rollback(True)


def test_every_menu_entry_opens_for_whoever_sees_it(demo, db):
    centre = reverse("complaints:index")
    seen_by = set()
    for user in principals(demo)[1:]:  # every distinct set of roles of the demo, and the superuser
        client = signed_in(user, demo)
        links = menu_links(client)
        assert links, user.username
        for url in links:
            status = client.get(url).status_code
            assert status in (200, 302), f"{user.username}'s menu offers {url}, which answers {status}"
        if centre in links:
            seen_by.add(user.username)
    # The complaint centre is in the menus of its officer and its head only (not even the superuser's).
    assert seen_by == {"complaints", "centrehead"}


def test_a_module_is_shown_exactly_when_its_page_opens(demo, db):
    """Each staff module, for every demo login and the superuser: in the menu and the dashboard
    when its page answers 200 or a redirect, absent when it answers 403."""
    for user in principals(demo)[1:]:
        client = signed_in(user, demo)
        shown = {m.code for m in staff_modules(user)}
        dashboard = client.get(reverse("core:dashboard")).content.decode()
        for module in MODULES:
            status = client.get(reverse(module.staff_url_name)).status_code
            assert (module.code in shown) == (status != 403), (user.username, module.code, status)
            link = f'href="{reverse(module.staff_url_name)}"'
            assert (link in dashboard) == (module.code in shown), (user.username, module.code)


def test_a_staff_member_without_roles_sees_no_complaint_centre(db):
    org = make_org()
    user = make_staff(org, roles=())
    client = signed_in(user, org)
    assert reverse("complaints:index") not in menu_links(client)
    assert client.get(reverse("complaints:index")).status_code == 403


def test_the_demo_prints_every_login_with_the_complaint_centre(demo, db, capsys):
    call_command("demo", "--format", "json")
    printed = {row["username"]: row for row in json.loads(capsys.readouterr().out)["logins"]}
    people = User.objects.filter(person__isnull=False).values_list("username", flat=True)
    assert set(people) | {"admin"} == set(printed)
    assert {"complaints", "centrehead"} <= set(printed)
    assert "ศูนย์รับเรื่องร้องเรียน" in printed["centrehead"]["position"]

    call_command("demo")  # the plain listing, as `make demo` shows it
    lines = capsys.readouterr().out
    for username in ("complaints", "centrehead", "mayor", "analyst", "admin"):
        assert re.search(rf"^\s+{username}\s", lines, re.M), username


def test_the_demo_centre_has_a_head_who_hears_of_break_glass(demo, db):
    assert [u.username for u in actions.heads_of(demo)] == ["centrehead"]
    clerk = User.objects.get(username="clerk")  # the organisation's administrator, not an officer
    case = Complaint.objects.for_org(demo).order_by("seq").first()
    breakglass.grant(clerk, case, "ผู้ตรวจสอบภายนอกขอเอกสารประกอบการตรวจสอบเรื่องนี้ภายในวันนี้")
    told = Notification.objects.filter(kind="complaints.break_glass")
    assert [n.recipient.username for n in told] == ["centrehead"]


def test_a_superuser_without_an_organisation_is_told_to_choose_one(db):
    """The `admin` ITA export answered 500: a superuser passes the permission check but had chosen
    no organisation. Now such pages say what to do (403 with the reason)."""
    admin = make_staff(make_org(), roles=(), is_superuser=True)
    admin.organisation = None
    admin.save()
    client = signed_in(admin, None)
    for url in (reverse("ita:export"), reverse("disclosure:export", kwargs={"year": 2569})):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "กรุณาเลือกหน่วยงานที่หน้าแดชบอร์ดก่อน" in response.content.decode()  # Thai, the default


@pytest.mark.django_db
def test_the_public_menu_links_each_modules_page_of_its_own_organisation(client):
    """The menu is built once per language with a stand-in for the organisation: each page puts its
    own in, and every link opens."""
    first, second = make_org("first-town"), make_org("second-town")
    expected = [m for m in MODULES if m.public_url_name]
    for org, other in ((first, second), (second, first)):
        page = client.get(reverse("public:home", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        links = LINK.findall(NAV.search(page.content.decode())[1])
        wanted = [reverse(m.public_url_name, kwargs={"org_slug": org.slug}) for m in expected]
        assert links == wanted and not any(other.slug in link for link in links)
        for link in links:
            assert client.get(link).status_code == 200
    titles = {}
    for language in ("en", "th", "en"):  # each language its own titles, whichever was asked first
        client.cookies["django_language"] = language
        page = client.get(reverse("public:home", kwargs={"org_slug": first.slug})).content.decode()
        titles[language] = re.findall(r'<a href="[^"]*">([^<]*)</a>', NAV.search(page)[1])
    assert len(titles["en"]) == len(titles["th"]) == len(expected)
    assert all(t.isascii() for t in titles["en"]) and all(not t.isascii() for t in titles["th"])
