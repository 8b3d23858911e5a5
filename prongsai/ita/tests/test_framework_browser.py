"""Issue 15 in a real browser: a national administrator carries this fiscal year's framework
forward to the next, edits one item's title, and an organisation's officer publishes into the
new year at once; no code change, no deploy."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.core.tests.factories import PASSWORD, make_org, make_staff
from prongsai.disclosure.models import Item, Publication
from prongsai.ita import store
from prongsai.ita.models import FrameworkVersion
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TITLE = "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน (ตามคู่มือใหม่)"


def sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_a_carried_forward_year_is_edited_and_published_into_at_once(live_server, page):
    base = live_server.url
    current = fiscal_year_of(timezone.localdate())
    following = current + 1
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    officer = make_staff(org, roles=("publisher",))
    admin = make_staff(org, username="national", is_superuser=True)
    assert store.state(current).version is None  # this year is itself carried forward, not yet announced

    # The administrator finds the frameworks page from the navigation and carries this year forward.
    sign_in(page, base, admin)
    page.goto(base + reverse("core:dashboard"))
    page.locator(".topbar nav").get_by_role("link", name="กรอบการประเมิน ITA").click()
    row = page.locator(f"#year-{following}")
    assert "ยังไม่ยืนยัน" in row.inner_text()
    row.get_by_role("link", name=f"ยกกรอบปี {current} มาใช้").click()
    page.fill("#id_carry-reason", "ป.ป.ช. ยังไม่ประกาศกรอบปีหน้า")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("ita:framework_year", kwargs={"year": following}))
    assert f"ยกมาจากปี {current}" in page.locator("main").inner_text()

    # ...then edits the first item's title.
    page.get_by_role("link", name="ข้อคำถาม OIT", exact=True).click()
    page.fill("#id_items-0-title_th", NEW_TITLE)
    page.fill("#id_change-reason", "ชื่อข้อตามคู่มือ")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "ฉบับที่ 2" in page.locator(".messages").inner_text()
    assert FrameworkVersion.objects.filter(year=following).count() == 2

    # An officer creates the new year's catalogue and publishes into the renamed item.
    sign_in(page, base, officer)
    page.goto(base + reverse("disclosure:index"))
    page.select_option("#id_year", str(following))
    page.locator("form[action$='/catalogue/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("disclosure:checklist", kwargs={"year": following}))
    total = Item.objects.for_org(org).filter(year=following).count()
    assert total > 0
    assert re.search(rf"0\s*/\s*{total}", page.locator("main .big").first.inner_text())
    page.get_by_role("link", name=NEW_TITLE).click()
    page.fill("#id_title", "แผนผังโครงสร้างเทศบาล")
    page.fill("#id_text", "โครงสร้างและอำนาจหน้าที่ของเทศบาลตำบลบ่อพลอย")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    publication = Publication.objects.for_org(org).get()
    assert publication.item.year == following and publication.item.title_th == NEW_TITLE

    page.goto(base + reverse("disclosure:checklist", kwargs={"year": following}))
    main = page.locator("main")
    assert NEW_TITLE in main.inner_text()
    assert re.search(rf"1\s*/\s*{total}", main.locator(".big").first.inner_text())
