"""The citizen's journey in a real browser: file anonymously with evidence, keep the receipt code,
read the officer's reply with it and answer; a wrong code is refused and then throttled.

The browser solves the proof of work with the centre's own script, as a citizen's browser would.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.factories import make_officer
from prongsai.core.tests import samples
from prongsai.core.tests.factories import PASSWORD, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = samples.pdf()


def test_file_follow_reply_and_a_refused_wrong_code(live_server, page, tmp_path, settings):
    settings.COMPLAINTS_POW_BITS = 8  # the real script and check, with a small puzzle to keep the test quick
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    org = make_org("centre-town")
    officer = make_officer(org)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    base = f"{live_server.url}/{org.slug}/complaints"
    evidence = tmp_path / "ใบเสร็จ.pdf"
    evidence.write_bytes(PDF)

    # An anonymous citizen files a complaint with a file.
    page.goto(f"{base}/")
    page.locator("input[name=category]").first.check()
    page.fill("#id_concerned", "เจ้าหน้าที่งานพัสดุ")
    page.fill("#id_description", "มีการเรียกรับเงินเพื่อให้ผ่านการตรวจรับงานจ้าง")
    page.set_input_files("#id_files", str(evidence))
    page.wait_for_function("document.querySelector('#id_pow_counter').value !== ''", timeout=60_000)
    page.locator("#intake button[type=submit]").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 20
    case = Complaint.objects.get(organisation=org)

    # An officer signs in with two factors, screens the case and replies.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/staff/complaints/{case.pk}/")
    assert "เรียกรับเงิน" in page.content()
    page.select_option("form[action$='/move/'] select[name=action]", "screen")
    page.fill("form[action$='/move/'] textarea[name=reason]", "รับเรื่องไว้ตรวจสอบ")
    page.locator("form[action$='/move/'] button[type=submit]").click()
    page.fill("form[action$='/message/'] textarea[name=body]", "ขอทราบวันที่เกิดเหตุโดยประมาณ")
    page.locator("form[action$='/message/'] button[type=submit]").click()
    page.wait_for_load_state()

    # The citizen reads the reply with the code and answers.
    page.context.clear_cookies()
    page.goto(f"{base}/follow/")
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "ขอทราบวันที่เกิดเหตุโดยประมาณ" in page.content()
    page.fill("textarea[name=body]", "ประมาณต้นเดือนมีนาคม")
    page.locator("form[action$='/follow/reply/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert case.messages.filter(from_complainant=True).count() == 1

    # A wrong code is refused with one generic message, and after five tries even the right one waits.
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    for _attempt in range(5):
        page.goto(f"{base}/follow/")
        page.fill("#id_code", wrong)
        page.locator("main form button[type=submit]").click()
        assert "ขอทราบวันที่เกิดเหตุ" not in page.content()
    page.goto(f"{base}/follow/")
    page.fill("#id_code", code)
    response_text = page.locator("main form button[type=submit]").click() or page.content()
    assert "ขอทราบวันที่เกิดเหตุโดยประมาณ" not in response_text
