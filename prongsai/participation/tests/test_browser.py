"""A real browser: a council member comments, a moderator publishes it, staff answer and record
the change, and the public page shows the answer and the change (issue 9 acceptance)."""

import pytest

from prongsai.core.tests.factories import PASSWORD, make_org, make_staff
from prongsai.participation import actions
from prongsai.participation.tests.factories import make_consultation, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_council_members_opinion_to_a_published_change(live_server, page):
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    make_staff(org, username="officer", roles=("participation_officer",))
    consultation = make_consultation(org, title="ปรับปรุงงานทะเบียนราษฎร")
    code = actions.issue_member_code(make_member(org, first="บุญเรือน", last="แก้วมณี"))
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    public = f"{live_server.url}/bophloi/participation/consultations/{consultation.pk}/"
    page.goto(public)
    page.locator("#id_body").fill("ขอให้เปิดบริการช่วงพักเที่ยง <b>ด่วน</b>")
    page.locator("#id_member_code").fill(code)
    page.locator("#message-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "ขอให้เปิดบริการช่วงพักเที่ยง" not in page.locator("main").inner_text()  # not before moderation

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")
    page.goto(f"{live_server.url}/staff/participation/consultations/{consultation.pk}/")
    assert "นางบุญเรือน แก้วมณี" in page.locator("main").inner_text()
    page.locator("button[name=action][value=publish]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/staff/participation/consultations/{consultation.pk}/themes/new/")
    page.locator("#id_title").fill("เวลาให้บริการ")
    page.locator("#id_you_said").fill("คนทำงานมาติดต่อได้เฉพาะพักเที่ยง")
    page.locator("#id_answer").fill("เทศบาลเห็นด้วย")
    page.locator("#id_we_did").fill("เปิดบริการ ๑๒.๐๐–๑๓.๐๐ น. ทุกวันทำการ")
    page.locator("#id_changed_on").fill("2022-04-01")
    page.locator("#id_measure").fill("มาตรการที่ ๒ การมีส่วนร่วมของภาคประชาชน")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/")

    page.goto(public)
    text = page.locator("main").inner_text()
    assert "ขอให้เปิดบริการช่วงพักเที่ยง <b>ด่วน</b>" in text  # escaped, shown as typed
    assert "นางบุญเรือน แก้วมณี" in text
    assert "เทศบาลเห็นด้วย" in text and "เปิดบริการ ๑๒.๐๐–๑๓.๐๐ น. ทุกวันทำการ" in text
    page.goto(f"{live_server.url}/bophloi/participation/you-said-we-did/")
    assert "มาตรการที่ ๒" in page.locator("main").inner_text()
    assert not csp_errors
