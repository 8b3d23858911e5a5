"""The whole chain of an order in a real browser: created, approved by each approver in turn,
published to the complaint centre's OIT item, seen on the public OIT page, listed in the send register.

The demo's chain is the seed's: analyst → head of general administration → head of the clerk's
office → clerk → deputy mayor → mayor; the mayor, last of the chain, signs the order.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.complaints.publishing import GUIDANCE_TITLE
from prongsai.core.demo import load_demo
from prongsai.core.models import User
from prongsai.disclosure.models import Publication
from prongsai.disclosure.publishing import item_code_titled
from prongsai.documents.models import Document
from prongsai.documents.tests.test_browser import APPROVERS, decide, sign_in
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUBJECT = "แต่งตั้งเจ้าหน้าที่ผู้รับผิดชอบศูนย์รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"


def test_an_order_goes_up_its_chain_onto_the_oit_page_and_into_the_send_register(live_server, page, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    load_demo()
    TOTPDevice.objects.create(user=User.objects.get(username="clerk"), name="phone", confirmed=True)
    base = live_server.url
    page.set_default_timeout(120_000)  # five approvers' pages and a sealed PDF on a busy machine

    sign_in(page, base, "analyst")
    page.goto(f"{base}/staff/documents/")
    page.select_option("#id_kind-kind", "order")
    page.fill("#id_kind-subject", SUBJECT)
    page.locator("#new-kind button[type=submit]").click()
    page.wait_for_url("**/staff/documents/*/edit/")
    page.fill("#id_facts", "เพื่อให้การจัดการเรื่องร้องเรียนการทุจริตเป็นไปด้วยความเรียบร้อย\n\nจึงแต่งตั้ง นางสาวพอลาณ คนตรง")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/staff/documents/*/")
    document = Document.objects.get(organisation__slug="bophloi", subject=SUBJECT)
    assert document.document_type.code == "order"
    page.locator("#submit-document").click()
    page.wait_for_load_state()

    for username, name in APPROVERS:  # each approver logs in and approves in turn
        decide(page, base, document, username, name)
    document.refresh_from_db()
    assert document.status == "approved"
    year = timezone.localdate().year + 543
    reference = to_thai_digits(f"1/{year}")
    assert document.reference == reference

    # The clerk, an approver and the organisation's administrator, signs in again to publish; a
    # TOTP code is accepted once, so the next sign-in must not reuse the one of the same 30 s.
    TOTPDevice.objects.filter(user__username="clerk").update(last_t=-1)
    sign_in(page, base, "clerk")  # the organisation's administrator publishes for the centre
    page.goto(f"{base}/staff/documents/{document.pk}/")
    final = page.locator("#final-ready, #final-error, #final-missing")
    final.first.wait_for()  # made and sealed by the last approval (or its failure, shown)
    if (
        page.locator("#final-ready").count() == 0
    ):  # a busy machine's renderer timed out: retry, as a user would
        print("FINAL FILES:", page.locator("#final-files").inner_text())
        page.locator("#final-retry").click()
        page.wait_for_load_state()
    page.locator("#final-ready").wait_for()
    page.locator("#publish-order").click()
    page.wait_for_load_state()
    assert "Published on the disclosure portal" in page.content() or "เผยแพร่" in page.content()

    fiscal_year = fiscal_year_of(timezone.localdate())
    code = item_code_titled(fiscal_year, GUIDANCE_TITLE)
    publication = Publication.objects.get(organisation__slug="bophloi", title=SUBJECT)
    assert (publication.item.year, publication.item.code) == (fiscal_year, code)
    page.context.clear_cookies()  # the public, signed out
    item_url = reverse(
        "disclosure_public:item", kwargs={"org_slug": "bophloi", "year": fiscal_year, "item_code": code}
    )
    page.goto(base + item_url)
    assert SUBJECT in page.content()

    sign_in(page, base, "analyst")
    page.goto(f"{base}/staff/documents/")
    page.locator("#sent-register-link").click()
    page.wait_for_url("**/registers/sent/")
    row = page.locator("#sent-register tbody tr", has_text=SUBJECT)
    assert row.count() == 1
    assert reference in row.inner_text()
    page.fill("#id_q", to_thai_digits(f"1/{year}"))
    page.locator("#register-search button").click()
    page.wait_for_load_state()
    assert page.locator("#sent-register tbody tr", has_text=SUBJECT).count() == 1
