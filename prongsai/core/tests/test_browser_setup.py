"""Set-up in a browser: a new organisation by the wizard, a unit, positions, a person invited by
e-mail, an acting appointment; then the acting official approves a loan and signs a memo step,
printed as รักษาราชการแทน (acting for the vacant head post of กองช่าง)."""

import datetime
import os
import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.models import Organisation, Person, Position, User
from prongsai.core.tests import samples
from prongsai.core.tests.factories import PASSWORD, make_person
from prongsai.thai.date_input import format_date_input
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SETUP_SCREENSHOTS", "")  # a folder: pages are also saved at 1280 and 390 px
NEW_PASSWORD = "ผักบุ้ง-ไฟแดง-42"


def shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), f"{name} at {width}"
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, base, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/two-factor/verify/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
        page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/"))


def submit(page):
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def wizard(page, base, tmp_path):
    page.goto(f"{base}/staff/setup/wizard/?new=1")
    page.fill("#id_name_th", "เทศบาลตำบลทดลองตั้ง")
    page.select_option("#id_kind", "subdistrict")
    page.fill("#id_slug", "thadlong")
    page.fill("#id_province", "ตาก")
    submit(page)
    page.fill("#id_address", "๙๙ หมู่ ๑ ตำบลทดลอง อำเภอเมือง จังหวัดตาก")
    submit(page)
    page.fill("#id_executives-0-first_name", "ชัยชนะ")
    page.select_option("#id_executives-0-prefix", "นาย")
    page.fill("#id_executives-0-last_name", "ทดลอง")
    page.fill("#id_executives-2-first_name", "ชุติมา")
    page.select_option("#id_executives-2-prefix", "นาง")
    page.fill("#id_executives-2-last_name", "ตั้งใจ")
    shoot(page, "wizard-executives")
    submit(page)
    emblem = tmp_path / "garuda.png"
    emblem.write_bytes(samples.picture("PNG"))
    page.set_input_files("#id_emblem_file", str(emblem))
    page.fill("#id_register_prefix", "ตก ๕๒๐๐๑/")
    submit(page)
    chains(page, base, ["ปลัดเทศบาล", "นายกเทศมนตรี"])


def chains(page, base, titles):
    page.goto(f"{base}/staff/setup/wizard/chains/")
    for n, title in enumerate(titles, start=1):
        page.select_option(f"#id_step_{n}", label=title)
    submit(page)


def add_position(page, base, title, unit, reports_to, roles=()):
    page.goto(f"{base}/staff/setup/positions/new/")
    page.fill("#id_title_th", title)
    page.select_option("#id_unit", label=unit)
    page.select_option("#id_reports_to", label=reports_to)
    for role in roles:
        page.check(f"input[name=roles][value={role}]")
    submit(page)


def backend_people(org):
    """A borrower and a memo's author in กองช่าง, under its vacant head (not the subject here)."""
    head = Position.objects.get(organisation=org, title_th="ผู้อำนวยการกองช่าง")
    people = {}
    staff = (("borrower", "นายช่างไฟฟ้า", []), ("author", "นักวิเคราะห์นโยบายและแผน", ["analyst"]))
    for username, title, roles in staff:
        post = Position.objects.create(
            organisation=org, title_th=title, unit=head.unit, reports_to=head, roles=roles
        )
        user = User.objects.create_user(username, password=PASSWORD, organisation=org)
        make_person(org, first=f"คน{username}", last="ทดลอง", position=post, user=user)
        people[username] = user
    return people


def test_an_organisation_sets_itself_up_and_its_acting_official_signs(live_server, page, tmp_path, settings):
    from prongsai.documents import measures, workflow
    from prongsai.documents.models import Document, DocumentType
    from prongsai.property.models import Loan, LoanState
    from prongsai.property.tests.factories import make_item, make_loan

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.SITE_URL = live_server.url
    national = User.objects.create_superuser("national", password=PASSWORD)
    TOTPDevice.objects.create(user=national, name="phone", confirmed=True)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "national")

    wizard(page, base, tmp_path)
    org = Organisation.objects.get(slug="thadlong")
    assert org.address.startswith("๙๙") and DocumentType.objects.filter(organisation=org).count() == 1

    page.goto(f"{base}/staff/setup/units/new/")
    page.fill("#id_name_th", "กองช่าง")
    submit(page)
    add_position(page, base, "ผู้อำนวยการกองช่าง", "กองช่าง", "ปลัดเทศบาล", roles=("unit_head",))
    add_position(page, base, "นายช่างโยธา", "กองช่าง", "ผู้อำนวยการกองช่าง")
    shoot(page, "positions")

    page.goto(f"{base}/staff/people/new/")
    page.select_option("#id_prefix", "นาย")
    page.fill("#id_first_name", "สมชาย")
    page.fill("#id_last_name", "รักงาน")
    page.select_option("#id_position", label="นายช่างโยธา")
    submit(page)
    somchai = Person.objects.get(organisation=org, first_name="สมชาย")
    page.goto(f"{base}/staff/setup/people/{somchai.pk}/invite/")
    page.fill("#id_email", "somchai@thadlong.go.th")
    submit(page)
    assert "somchai" in page.content()

    today = timezone.localdate()
    page.goto(f"{base}/staff/setup/acting/new/")
    page.select_option("#id_position", label="ผู้อำนวยการกองช่าง")
    page.select_option("#id_person", label="นายสมชาย รักงาน")
    page.fill("#id_start", format_date_input(today))  # as a Thai clerk types it: 02/12/2569
    page.fill("#id_end", format_date_input(today + datetime.timedelta(days=30)))
    page.fill("#id_order_reference", "คำสั่งเทศบาลตำบลทดลองตั้ง ที่ ๑๒/๒๕๖๙")
    submit(page)
    shoot(page, "acting")
    assert "ผู้อำนวยการกองช่าง" in page.content()
    chains(page, base, ["ผู้อำนวยการกองช่าง", "ปลัดเทศบาล", "นายกเทศมนตรี"])

    # What the rest of the organisation did meanwhile: a vehicle loan and a memo wait for the head.
    people = backend_people(org)
    truck = make_item(org, Position.objects.get(organisation=org, title_th="ผู้อำนวยการกองช่าง").unit,
                      name="รถบรรทุกเทท้าย", category="vehicle")  # fmt: skip
    loan = make_loan(people["borrower"], [truck], today=today)
    doc_type = DocumentType.objects.get(organisation=org)
    year = fiscal_year_of(today)
    text = measures.default_text(org, year, to="นายกเทศมนตรี")
    document = workflow.create_document(doc_type, year, people["author"].person, people["author"], **text)
    workflow.transition(document, "submit", people["author"])

    # The invited official follows the link in the mail, chooses a password, and acts.
    message = next(m for m in mail.outbox if m.to == ["somchai@thadlong.go.th"])
    link = re.search(r"http\S+/accounts/invitation/\S+/", message.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    shoot(page, "invitation")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/staff/"))
    username = User.objects.get(person=somchai).username

    page.goto(f"{base}/staff/property/loans/{loan.pk}/")
    form = page.locator("form:has(input[name=action][value=endorse])")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Loan.objects.get(pk=loan.pk).state == LoanState.ENDORSED

    page.goto(f"{base}/staff/documents/{document.pk}/")
    page.select_option("#id_action", "approve")
    page.fill("#id_suggestion", "เห็นควรเสนอปลัดเทศบาลพิจารณา")
    page.locator("#decision button[type=submit]").click()
    page.wait_for_load_state()
    assert "นายช่างโยธา รักษาราชการแทนผู้อำนวยการกองช่าง" in page.content()
    step = Document.objects.get(pk=document.pk).steps.get(order=1)
    assert step.signed_position == "นายช่างโยธา รักษาราชการแทนผู้อำนวยการกองช่าง"
    assert step.acted_by.username == username

    # Printed: the memo's PDF names the acting official under the head's block.
    page.locator("form[action$='/render/'] button").click()
    page.wait_for_load_state()
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(page.request.get(f"{base}/staff/documents/{document.pk}/document.pdf").body())
    printed = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout.split())  # fmt: skip
    assert "รักษาราชการแทนผู้อำนวยการกองช่าง" in printed and "(นายสมชายรักงาน)" in printed
