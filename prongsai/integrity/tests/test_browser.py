"""In a real browser, on the demo: once the year's register is reopened, the analyst adds a risk and
its first quarterly follow-up, and the heat maps count it. Screenshots at 1280 and 390 px go to
$PRONGSAI_SCREENSHOTS when set (for looking at the pages), else to the test's temporary folder."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from prongsai.core.demo import DEMO_PASSWORD, load_demo
from prongsai.core.models import User
from prongsai.integrity import workflow
from prongsai.integrity.models import Risk, RiskRegister
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/staff/")


def shoot(page, folder: Path, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reopen_add_a_risk_and_follow_it_up(live_server, page, tmp_path):
    load_demo()
    folder = Path(os.environ.get("PRONGSAI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    register = RiskRegister.objects.get(organisation__slug="bophloi", fiscal_year=fiscal_year_of(today))
    url = f"{live_server.url}/staff/integrity/registers/{register.pk}/"

    # The demo clerk is also an administrator and signs in with a second factor, so the reopening
    # (a button the view tests cover) is done here through the same transition function.
    workflow.transition(register.pk, workflow.REOPEN, user=User.objects.get(username="clerk"))
    sign_in(page, live_server.url, "analyst")
    page.goto(url)
    before = page.locator("figure svg").first.locator("desc").text_content()
    page.get_by_role("link", name="เพิ่มความเสี่ยง").click()
    page.select_option("#id_process", "permits")
    page.fill("#id_event", "เรียกรับเงินเพื่อออกใบอนุญาตขุดดินถมดิน")
    page.fill("#id_cause", "ไม่มีการเผยแพร่ขั้นตอนและค่าธรรมเนียม")
    page.select_option("#id_likelihood", "5")
    page.select_option("#id_impact", "5")
    page.fill("#id_added_control", "ประกาศค่าธรรมเนียมและขั้นตอนที่จุดบริการ")
    page.select_option("#id_owner_unit", label="กองช่าง")
    page.get_by_role("button", name="บันทึกความเสี่ยง").click()
    page.wait_for_url(url)
    assert "ระดับสูงมาก" in page.content()
    risk = Risk.objects.get(register=register, event__startswith="เรียกรับเงินเพื่อออกใบอนุญาตขุดดิน")
    page.locator(f"#risk-{risk.number}").get_by_role("link", name="บันทึกผลการติดตาม").click()
    page.select_option("#id_quarter", "1")
    page.fill("#id_date", today.isoformat())
    page.select_option("#id_residual_likelihood", "2")
    page.select_option("#id_residual_impact", "3")
    page.fill("#id_note", "ประกาศแล้วที่จุดบริการ")
    page.get_by_role("button", name="บันทึกผลการติดตาม").click()
    page.wait_for_url(url)
    row = page.locator(f"#risk-{risk.number}").text_content()
    assert "ประกาศแล้วที่จุดบริการ" in row and "ปานกลาง" in row
    after = page.locator("figure svg").first.locator("desc").text_content()
    assert before != after and "สูงมาก" in after
    shoot(page, folder, "register")
    page.locator("figure svg").first.screenshot(path=str(folder / "heatmap.png"))
    page.set_viewport_size({"width": 390, "height": 900})
    page.locator("figure svg").first.screenshot(path=str(folder / "heatmap-390.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="รายงาน", exact=True).click()
    page.wait_for_load_state()
    assert "รายงานผลการประเมินความเสี่ยงการทุจริต" in page.content()
    shoot(page, folder, "report")
    page.goto(f"{live_server.url}/staff/integrity/")
    page.locator("a[href*='/staff/integrity/plans/']").first.click()
    page.wait_for_load_state()
    shoot(page, folder, "action-plan")
