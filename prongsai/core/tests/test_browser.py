"""A real browser: sign in as the demo analyst, open the dashboard, switch to English and back."""

import pytest

from prongsai.core.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_signs_in_and_switches_language(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("analyst")
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "แดชบอร์ด"
    assert "เทศบาลตำบลบ่อพลอย" in page.locator(".brand").inner_text()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="ไทย").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "แดชบอร์ด"


def test_public_home_renders_with_the_bundled_font(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/bophloi/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("เทศบาลตำบลบ่อพลอย")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Sarabun" in font
    assert page.evaluate("document.fonts.check('16px Sarabun')")


def test_a_visitor_switches_a_public_page_to_english_and_back(live_server, page):
    # The public pages set no CSRF cookie; the switch trusts the browser's Sec-Fetch-Site instead.
    load_demo()
    page.goto(f"{live_server.url}/bophloi/")
    assert not [c for c in page.context.cookies() if c["name"] == "csrftoken"]
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{live_server.url}/bophloi/"
    page.get_by_role("button", name="ไทย").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "th"
