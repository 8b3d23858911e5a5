"""Issue #7 in a real browser: an officer imports a monthly procurement summary (แบบ สขร.๑) from
Excel and publishes it, and a visitor finds it by a Thai word; a visitor writes to the mayor, and
the mayor reads it in the staff inbox."""

import pytest

from prongsai.core.tests.factories import PASSWORD, make_org, make_staff
from prongsai.disclosure import procurement
from prongsai.disclosure.models import ContactMessage, Executive, Publication
from prongsai.disclosure.tests.factories import xlsx_bytes
from prongsai.thai.digits import to_thai_digits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    procurement.HEADINGS,
    [1, "จ้างเหมาขุดลอกคลองส่งน้ำบ้านหนองกระทุ่ม", "๑๒๐,๐๐๐", "เฉพาะเจาะจง", "หจก.รวมช่าง 118,000",
     "หจก.รวมช่าง", "118000", "ราคาต่ำสุด", "จ.15/2565", "๒๐ ต.ค. ๒๕๖๔"],
    [2, "ซื้อวัสดุไฟฟ้าสำหรับซ่อมไฟถนน", 30000, "เฉพาะเจาะจง", "", "ร้านไฟฟ้าบ่อพลอย", 29500, "", "", ""],
]  # fmt: skip


def sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_publishes_a_monthly_summary_that_a_visitor_finds_by_a_thai_word(live_server, page, tmp_path):
    org = make_org("nongkrathum")
    officer = make_staff(org, roles=("publisher",))
    upload = tmp_path / "สขร1-ตุลาคม.xlsx"
    upload.write_bytes(xlsx_bytes(ROWS))

    sign_in(page, live_server.url, officer)
    page.goto(f"{live_server.url}/staff/disclosure/procurement/")
    page.select_option("#id_year", "2565")
    page.select_option("#id_month", "10")
    page.set_input_files("#id_file", str(upload))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "ขุดลอกคลองส่งน้ำ" in page.content()  # the imported table, shown to the officer
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    page.wait_for_load_state()
    publication = Publication.objects.for_org(org).get()
    assert publication.file_type == "xlsx"

    # A visitor, not signed in, searches one Thai word that is only inside the spreadsheet's rows.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/{org.slug}/disclosure/")
    page.fill("#search-q", "คลอง")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    result = page.locator("main li.card a strong")
    # The public page prints the organisation's official Thai digits, the stored title's too.
    assert result.count() == 1 and result.inner_text() == to_thai_digits(publication.title)
    result.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{org.slug}/disclosure/2565/{publication.item.code}/")
    assert to_thai_digits(publication.title) in page.content()


def test_a_message_to_the_mayor_reaches_the_mayors_inbox(live_server, page):
    org = make_org("nongkrathum")
    mayor = make_staff(org, username="mayor", roles=("executive",), first="ชัยเชษฐ")
    mayor.person.position.is_executive = True
    mayor.person.position.title_th = "นายกเทศมนตรี"
    mayor.person.position.save()
    Executive.objects.create(organisation=org, person=mayor.person, phone="034-000-111")

    page.goto(f"{live_server.url}/{org.slug}/disclosure/executives/")
    page.locator("main a.button").first.click()
    page.fill("#id_sender_name", "นางสาวสมใจ ใจดี")
    page.fill("#id_sender_contact", "081-234-5678")
    page.fill("#id_subject", "ขอให้ซ่อมไฟถนนหน้าโรงเรียน")
    page.fill("#id_body", "ไฟถนนหน้าโรงเรียนดับมาสามคืนแล้ว")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert ContactMessage.objects.for_org(org).get().executive.person == mayor.person

    sign_in(page, live_server.url, mayor)
    page.goto(f"{live_server.url}/staff/disclosure/messages/")
    page.get_by_text("ขอให้ซ่อมไฟถนนหน้าโรงเรียน").click()
    page.wait_for_load_state()
    assert "ไฟถนนหน้าโรงเรียนดับมาสามคืนแล้ว" in page.content()
    assert "081-234-5678" in page.content()
