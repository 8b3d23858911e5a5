"""My work in a browser, at desktop and phone width: the landing page lists it, one click opens it."""

import os

import pytest

from prongsai.core import demo as core_demo
from prongsai.core.demo import DEMO_PASSWORD
from prongsai.disclosure import demo as disclosure_demo
from prongsai.property import demo as property_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PRONGSAI_SCREENSHOTS", "")


def load_bophloi():
    """The demo's people, loans and OIT catalogue (documents are left out: their PDFs are printed by
    a browser of their own, which does not start inside Playwright's event loop)."""
    organisation = core_demo._organisation(core_demo.BOPHLOI)
    units = core_demo._units(organisation, core_demo.UNITS)
    core_demo._posts(organisation, units, core_demo.POSTS, prefix="")
    property_demo.load({"bophloi": organisation})
    disclosure_demo.load({"bophloi": organisation})


def sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_finance_head_lands_on_their_work_and_opens_the_loan(live_server, page, width):
    load_bophloi()
    page.set_viewport_size({"width": width, "height": 844})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server.url, "finance")
    first = page.locator("section.my-work li.work-entry").first
    assert "ยืม" in first.inner_text()  # a loan, stated in Thai with its working days
    assert page.locator("nav .badge").first.inner_text() == "๒"
    page.goto(f"{live_server.url}/staff/work/")
    assert page.locator("li.work-entry").count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/my-work-finance-{width}.png", full_page=True)
    page.locator("li.work-entry a").first.click()
    page.wait_for_load_state()
    assert "/staff/property/loans/" in page.url
    sign_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/staff/work/")
    assert page.locator("li.work-entry").count() >= 2
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/my-work-analyst-{width}.png", full_page=False)
    assert errors == []
