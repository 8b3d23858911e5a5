"""The whole approval chain in a real browser, with a return for revision, down to the signed PDF.

The demo's chain is the seed's: analyst → head of general administration → head of the clerk's
office → clerk → deputy mayor → mayor. The head of the clerk's office returns the memo once.
"""

import subprocess

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.demo import DEMO_PASSWORD, load_demo
from prongsai.core.models import User
from prongsai.documents.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
APPROVERS = [
    ("adminhead", "นางจรัสศรี คุ่มอยู่"),
    ("officehead", "นางสาวพอลาณ คนตรง"),
    ("clerk", "นายชุต เหมวิเชียร"),
    ("deputy", "นายณัฏภัทร หนูขาว"),
    ("mayor", "นายชัยเชษฐ พัฒนะพิชัย"),
]


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/two-factor/verify/" in page.url:  # the clerk is also the organisation's administrator
        device = TOTPDevice.objects.get(user__username=username)
        page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/staff/")


def decide(page, base, document, username, name, action="approve", note=""):
    sign_in(page, base, username)
    page.goto(f"{base}/staff/documents/{document.pk}/")
    page.select_option("#id_action", action)
    page.fill("#id_suggestion", f"ข้อเสนอแนะของ{name}")
    assert page.locator("#id_signed_name").count() == 0  # the name and date come from the system
    if action == "return":
        page.select_option("#id_return_to", "1")
        page.fill("#id_note", note)
    page.locator("#decision button[type=submit]").click()
    page.wait_for_load_state()


def test_the_chain_with_a_return_for_revision_ends_in_a_pdf_with_every_block(
    live_server, page, tmp_path, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    load_demo()
    TOTPDevice.objects.create(user=User.objects.get(username="clerk"), name="phone", confirmed=True)
    base = live_server.url
    sign_in(page, base, "analyst")
    page.goto(f"{base}/staff/documents/")
    page.fill("#id_fiscal_year", "2566")
    page.locator("form[action$='/staff/documents/new/'] button").click()
    page.wait_for_url("**/staff/documents/*/")
    document = Document.objects.get(organisation__slug="bophloi", fiscal_year=2566)
    page.locator("#submit-document").click()
    page.wait_for_load_state()

    decide(page, base, document, *APPROVERS[0])
    decide(page, base, document, *APPROVERS[1], action="return", note="โปรดเพิ่มตารางมาตรการด้านการจัดซื้อจัดจ้าง")
    document.refresh_from_db()
    assert document.status == "returned"

    sign_in(page, base, "analyst")
    page.goto(f"{base}/staff/documents/{document.pk}/")
    assert "โปรดเพิ่มตารางมาตรการด้านการจัดซื้อจัดจ้าง" in page.content()
    page.locator("#submit-document").click()  # resubmit
    page.wait_for_load_state()
    for username, name in APPROVERS:
        decide(page, base, document, username, name)
    document.refresh_from_db()
    assert document.status == "approved"

    page.goto(f"{base}/staff/documents/{document.pk}/")  # the final files were made by the last approval
    page.locator("#final-ready").wait_for()
    assert page.locator("#render").count() == 0
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(page.request.get(f"{base}/staff/documents/{document.pk}/document.pdf").body())
    text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())  # fmt: skip
    assert "(นางณภัทรฤกษ์วิจิตร)" in text  # the sender's block
    positions = [text.find("".join(f"({name})".split())) for _username, name in APPROVERS]
    assert all(p > 0 for p in positions) and positions == sorted(positions)  # five blocks, in chain order
    assert text.count("ข้อเสนอแนะ") >= 5
