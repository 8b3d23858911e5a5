"""On a phone-sized screen: borrow to return, and a clash refused with the next free day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from prongsai.core import demo as core_demo
from prongsai.core.demo import DEMO_PASSWORD
from prongsai.property import demo
from prongsai.property.models import Asset, Loan, LoanState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")


def request(page, url, item, start, end, purpose):
    page.goto(f"{url}/staff/property/items/{item.pk}/")
    page.locator("a.big-tap").click()  # “Borrow this item”, as after scanning the QR label
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill(end.isoformat())
    page.locator("#id_purpose").fill(purpose)
    page.locator("#id_acknowledge").check()
    page.locator("form.loan-form button[type=submit]").click()
    page.wait_for_load_state()


def step(page, action, **fields):
    form = page.locator(f"form:has(input[name=action][value={action}])")
    for name, value in fields.items():
        if value is True:
            form.locator(f"[name={name}]").check()
        else:
            form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def load_bophloi():
    """The core demo's organisation and people, then this app's demo (not every app's, to stay ours)."""
    organisation = core_demo._organisation(core_demo.BOPHLOI)
    core_demo._posts(
        organisation, core_demo._units(organisation, core_demo.UNITS), core_demo.POSTS, prefix=""
    )
    demo.load({"bophloi": organisation})


def test_borrowing_on_a_phone(live_server, page):
    load_bophloi()
    page.set_viewport_size({"width": 390, "height": 844})
    today = timezone.localdate()
    projector = Asset.objects.get(organisation__slug="bophloi", code="๔๑๖-๖๔-๐๐๐๑")

    sign_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/staff/property/loans/new/?item={projector.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    # The demo already holds the projector on today+3 and today+4: asking for today+4 is refused.
    request(page, live_server.url, projector, today + timedelta(days=4), today + timedelta(days=4), "ซ้อนวัน")
    assert page.locator("#next-free").is_visible()
    assert Loan.objects.filter(purpose="ซ้อนวัน").count() == 0
    assert page.locator("#id_purpose").input_value() == "ซ้อนวัน"  # what was typed is kept

    request(
        page, live_server.url, projector, today + timedelta(days=10), today + timedelta(days=11), "อบรมชุมชน"
    )
    loan = Loan.objects.get(purpose="อบรมชุมชน")
    page.wait_for_url(f"**/staff/property/loans/{loan.pk}/")

    sign_in(page, live_server.url, "finance")  # head of กองคลัง, which keeps the projector
    page.goto(f"{live_server.url}/staff/property/loans/{loan.pk}/")
    step(page, "approve")
    step(page, "hand_over", condition="ใช้งานได้ปกติ มีสายไฟครบ", borrower_accepts=True)
    loan.refresh_from_db()
    assert loan.state == LoanState.ON_LOAN
    step(page, "return", condition="ปกติ", custodian_accepts=True)
    loan.refresh_from_db()
    assert loan.state == LoanState.RETURNED
    assert page.locator("#loan-state").inner_text() == loan.get_state_display()
