"""A real browser: staff answer the internal survey (IIT) from the codes they were e-mailed; the
prediction appears only after the fifth answer; a reused code is refused (issue 20 acceptance,
"Survey, end to end"). Screenshots at 1280 and 390 px go to $PRONGSAI_SCREENSHOTS when set."""

import json
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from prongsai.core.tests.factories import PASSWORD, make_org, make_staff
from prongsai.participation.models import StaffResponse, StaffToken
from prongsai.participation.tests.iit_helpers import CODE, make_staff_survey, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, folder: Path, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def answer(page, link: str, choice: int) -> int:
    """Open the e-mailed link, pick an answer on every row, send; the status of the answer page."""
    page.goto(link)
    for radio in page.locator("#iit-form .answers").all():
        options = radio.locator("input[type=radio]")
        options.nth(min(choice, options.count() - 1)).check()
    page.locator("#id_comment").fill("ควรแจ้งผลการยืมพัสดุให้ทราบ")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("#iit-form button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value.status


def test_staff_answer_from_their_codes_and_the_prediction_waits_for_five(
    live_server, page, browser, tmp_path
):
    folder = Path(os.environ.get("PRONGSAI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    make_staff(org, username="officer", roles=("participation_officer", "analyst"))
    make_team(org, with_email=6, without_email=0)
    survey = make_staff_survey(org)
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()
    detail = f"{live_server.url}/staff/participation/iit/{survey.pk}/"
    page.goto(f"{detail}invite/")
    shoot(page, folder, "iit-invite")
    page.get_by_role("button", name="ส่งคำเชิญทางอีเมล").click()
    page.wait_for_url(detail)
    links = [re.search(r"https?://\S+\?t=[A-Z0-9]+", m.body).group(0) for m in mail.outbox]
    assert len(links) == 6 and len({CODE.search(link).group(1) for link in links}) == 6
    base = re.match(r"https?://[^/]+", links[0]).group(0)
    links = [link.replace(base, live_server.url) for link in links]  # SITE_URL is the real server's

    staff = browser.new_page()  # the staff's own browser: no login, the code is the key
    for n, link in enumerate(links[:4]):
        assert answer(staff, link, choice=2 + n % 2) == 200
        assert "บันทึกคำตอบของท่านแล้ว" in staff.locator("#iit-thanks").inner_text()
    page.goto(detail)
    assert page.locator("#iit-answers").inner_text() == "๔"
    assert page.locator("#iit-waiting").is_visible() and page.locator("#iit-tool").count() == 0
    shoot(page, folder, "iit-waiting")

    staff.goto(links[4])
    shoot(staff, folder, "iit-answer")
    assert answer(staff, links[4], choice=3) == 200
    page.goto(detail)
    assert page.locator("#iit-waiting").count() == 0
    assert re.fullmatch(r"\d+\.\d\d", page.locator("#iit-tool").inner_text())
    shoot(page, folder, "iit-prediction")
    page.goto(f"{detail}analysis/")
    assert "ควรแจ้งผลการยืมพัสดุให้ทราบ" in page.locator("main").inner_text()  # the analyst reads it
    shoot(page, folder, "iit-analysis")

    # A used code is refused, opened again or sent again from a form loaded before it was used.
    reopened = staff.goto(links[0])
    assert reopened.status == 409
    assert "รหัสเชิญนี้ถูกใช้ตอบแล้ว" in staff.locator("#iit-error").inner_text()
    assert staff.locator("#iit-form").count() == 0
    other = browser.new_page()
    other.goto(links[5])
    assert answer(staff, links[5], choice=1) == 200
    for radio in other.locator("#iit-form .answers").all():
        radio.locator("input[type=radio]").first.check()
    with other.expect_response(lambda r: r.request.method == "POST") as posted:
        other.locator("#iit-form button[type=submit]").click()
    assert posted.value.status == 409
    assert "already been used" in other.locator("#iit-error").inner_text()  # with the English words
    shoot(other, folder, "iit-refused")
    assert StaffResponse.objects.filter(survey=survey).count() == 6

    page.goto(f"{detail}invite/")  # the officer has a login but no address: a printed slip
    page.get_by_role("button", name="พิมพ์ใบเชิญ").click()
    page.wait_for_load_state()
    assert page.locator(".slip svg.qr").count() == 1
    shoot(page, folder, "iit-slips")

    # The database holds no link: responses have no token column and no code or hash in any row,
    # tokens keep no time.
    codes = [CODE.search(link).group(1) for link in links]
    hashes = list(StaffToken.objects.filter(survey=survey).values_list("token_hash", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {StaffResponse._meta.db_table}")
        rows = json.dumps(cursor.fetchall(), default=str)
    assert not any(value in rows for value in codes + hashes)
    assert not csp_errors
