"""The pages: register, item, photos, rules, borrowing steps, reports and the public statistics."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import AuditEntry, Job, Notification
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.property import actions
from prongsai.property.models import Asset, AssetPhoto, Category, ItemStatus, Loan, LoanState, UsageRules
from prongsai.property.tests.factories import (
    PNG,
    make_borrower,
    make_item,
    make_loan,
    make_office,
    make_rules,
)
from prongsai.property.tests.test_register import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    org = make_org()
    unit, head, officer, clerk = make_office(org)
    make_rules(org, published=True)
    return org, unit, head, officer, clerk


def login(client, user):
    client.force_login(user)
    return client


def test_register_list_costs_the_same_queries_for_2_and_200_items(
    client, office, django_assert_max_num_queries
):
    org, unit, _, officer, _ = office
    login(client, officer)
    for _n in range(2):
        make_item(org, unit)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("property:index")).status_code == 200
    for _n in range(198):
        make_item(org, unit, custodian=officer.person)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("property:index"))
    assert len(large) == len(small)
    assert len(response.context["page"].object_list) == 25


def test_the_register_search_shows_the_item_typed_in_arabic_digits(client, office):
    org, unit, _, officer, _ = office
    make_item(org, unit, code="๔๑๖-๖๔-๐๐๐๑", name="เครื่องฉายภาพ")
    make_item(org, unit, code="๔๑๖-๖๕-๐๐๐๙", name="จอรับภาพ")
    page = login(client, officer).get(reverse("property:index"), {"q": "416-64"}).content.decode()
    assert "เครื่องฉายภาพ" in page and "จอรับภาพ" not in page


def test_an_item_form_keeps_what_was_typed_when_the_code_is_taken(client, office):
    org, unit, _, officer, _ = office
    make_item(org, unit, code="416-64-0001")
    data = {"code": "๔๑๖-๖๔-๐๐๐๑", "name": "โต๊ะใหม่", "category": "equipment", "unit": unit.pk,
            "status": "available", "value": "๑,๒๐๐"}  # fmt: skip
    response = login(client, officer).post(reverse("property:item_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "โต๊ะใหม่" in page and "๑,๒๐๐" in page
    assert Asset.objects.for_org(org).count() == 1
    data["code"] = "416-64-0002"
    client.post(reverse("property:item_new"), data)
    assert Asset.objects.for_org(org).get(code="416-64-0002").value == 1200


def test_only_keepers_edit_the_register(client, office):
    org, *_ = office
    login(client, make_staff(org, roles=("staff",)))
    assert client.get(reverse("property:item_new")).status_code == 403


def test_a_photo_is_checked_by_its_content(client, office):
    org, unit, _, officer, _ = office
    item = make_item(org, unit)
    login(client, officer)
    fake = SimpleUploadedFile("photo.png", b"not really an image", content_type="image/png")
    response = client.post(
        reverse("property:photo_add", kwargs={"asset_id": item.pk}), {"image": fake}, follow=True
    )
    assert "not an accepted type" in response.content.decode() or "ไม่" in response.content.decode()
    assert not AssetPhoto.objects.exists()
    real = SimpleUploadedFile("anything.bin", PNG, content_type="application/octet-stream")
    client.post(reverse("property:photo_add", kwargs={"asset_id": item.pk}), {"image": real})
    photo = AssetPhoto.objects.get()
    raw = client.get(reverse("property:item_photo", kwargs={"asset_photo_id": photo.pk}), {"raw": 1})
    assert (raw["Content-Type"], b"".join(raw.streaming_content)) == ("image/png", PNG)


def test_the_xlsx_import_page_lists_problems_and_saves_nothing(client, office):
    org, unit, _, officer, _ = office
    login(client, officer)
    rows = [["1", "ก", "อุปกรณ์", unit.name_th], ["๑", "ข", "อุปกรณ์", unit.name_th]]
    upload = SimpleUploadedFile("r.xlsx", xlsx(rows, ["รหัส", "ชื่อ", "ประเภท", "หน่วยงาน"]))
    response = client.post(reverse("property:import"), {"file": upload}, follow=True)
    job = Job.objects.get(kind="property.import")
    assert response.redirect_chain[-1][0] == reverse("property:import_job", kwargs={"job_id": job.pk})
    assert "duplicate code, also on row 2" in response.content.decode()
    assert not Asset.objects.for_org(org).exists()
    csv = SimpleUploadedFile("r.xlsx", "รหัส,ชื่อ".encode())
    assert "not an accepted type" in client.post(reverse("property:import"), {"file": csv}).content.decode()


@pytest.mark.usefixtures("english_messages")
def test_the_xlsx_import_runs_as_a_job_and_its_page_reports_the_count(client, office):
    org, unit, _, officer, _ = office
    login(client, officer)
    rows = [["P-1", "โต๊ะ", "ครุภัณฑ์สำนักงาน", unit.name_th], ["P-2", "เก้าอี้", "ครุภัณฑ์สำนักงาน", unit.name_th]]
    upload = SimpleUploadedFile("r.xlsx", xlsx(rows, ["รหัส", "ชื่อ", "ประเภท", "หน่วยงาน"]))
    page = client.post(reverse("property:import"), {"file": upload}, follow=True).content.decode()
    assert "2 items are added to the register" in page
    assert sorted(Asset.objects.for_org(org).values_list("code", flat=True)) == ["P-1", "P-2"]
    job = Job.objects.get(kind="property.import")
    assert (job.organisation, job.created_by, job.result["imported"]) == (org, officer, 2)


def test_a_new_rules_version_becomes_current_and_stays_published(client, office):
    org, *_ = office
    login(client, office[3])
    client.post(reverse("property:rules_new"), {"title": "คู่มือ ฉบับปรับปรุง", "text": "ข้อ ๑ ใหม่"})
    current = actions.current_rules(org)
    assert (current.version, current.title, current.published) == (2, "คู่มือ ฉบับปรับปรุง", True)
    assert UsageRules.objects.for_org(org).filter(is_current=True).count() == 1
    public = client.get(reverse("property_public:rules", kwargs={"org_slug": org.slug})).content.decode()
    assert "ข้อ ๑ ใหม่" in public
    client.post(reverse("property:rules_publish", kwargs={"usage_rules_id": current.pk}), {"published": "0"})
    assert client.get(reverse("property_public:rules", kwargs={"org_slug": org.slug})).status_code == 404


def test_a_rules_pdf_must_really_be_a_pdf(client, office):
    login(client, office[3])
    fake = SimpleUploadedFile("rules.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("property:rules_new"), {"title": "ก", "text": "ข", "pdf": fake})
    assert response.status_code == 200 and "ข" in response.content.decode()
    assert actions.current_rules(office[0]).version == 1


def test_request_page_refuses_a_clash_and_shows_the_next_free_day(client, office):
    org, unit, _, _, _ = office
    item = make_item(org, unit)
    today = timezone.localdate()
    make_loan(make_borrower(org), [item], today=today, start=today, days=2)
    borrower = make_borrower(org)
    data = {"items": [item.pk], "starts_on": today, "ends_on": today, "purpose": "ประชุม", "rules_version": 1,
            "acknowledge": "on"}  # fmt: skip
    response = login(client, borrower).post(reverse("property:loan_request"), data)
    page = response.content.decode()
    assert response.context["conflict"] == today + timedelta(days=2)
    assert 'id="next-free"' in page and "ประชุม" in page  # the purpose typed is kept
    assert Loan.objects.for_org(org).count() == 1


def test_request_without_acknowledging_the_rules_is_refused(client, office):
    org, unit, head, _, _ = office
    item = make_item(org, unit)
    today = timezone.localdate()
    data = {"items": [item.pk], "starts_on": today, "ends_on": today, "purpose": "ประชุม", "rules_version": 1}
    login(client, make_borrower(org)).post(reverse("property:loan_request"), data)
    assert not Loan.objects.exists()
    data["acknowledge"] = "on"
    response = client.post(reverse("property:loan_request"), data)
    loan = Loan.objects.get()
    assert response.url == loan.get_absolute_url()
    assert loan.rules.version == 1
    assert Notification.objects.filter(recipient=head, kind="property.request").exists()


def test_a_vehicle_request_needs_a_destination(client, office):
    org, unit, *_ = office
    car = make_item(org, unit, category=Category.VEHICLE)
    today = timezone.localdate()
    data = {"items": [car.pk], "starts_on": today, "ends_on": today, "purpose": "ลงพื้นที่", "rules_version": 1,
            "acknowledge": "on"}  # fmt: skip
    response = login(client, make_borrower(org)).post(reverse("property:loan_request"), data)
    assert "destination" in response.context["form"].errors
    assert not Loan.objects.exists()


def test_steps_through_the_pages_and_the_print_form(client, office):
    org, unit, head, officer, _ = office
    borrower = make_borrower(org)
    loan = make_loan(borrower, [make_item(org, unit)], today=timezone.localdate())
    step = reverse("property:loan_step", kwargs={"loan_id": loan.pk})
    login(client, borrower).post(step, {"action": "approve"})
    assert Loan.objects.get(pk=loan.pk).state == LoanState.REQUESTED  # the borrower cannot approve
    login(client, head).post(step, {"action": "approve"})
    login(client, officer)
    response = client.post(step, {"action": "hand_over", "condition": "ใช้งานได้ดี"})  # no acceptance ticked
    assert response.status_code == 400 and "ใช้งานได้ดี" in response.content.decode()
    client.post(step, {"action": "hand_over", "condition": "ใช้งานได้ดี", "borrower_accepts": "on"})
    client.post(step, {"action": "return", "condition": "ปกติ", "custodian_accepts": "on"})
    loan.refresh_from_db()
    assert loan.state == LoanState.RETURNED
    printed = client.get(reverse("property:loan_print", kwargs={"loan_id": loan.pk})).content.decode()
    assert borrower.person.full_name in printed and "ใช้งานได้ดี" in printed


def test_a_return_before_hand_over_shows_a_message(client, office):
    org, unit, head, officer, _ = office
    loan = make_loan(make_borrower(org), [make_item(org, unit)], today=timezone.localdate())
    actions.transition(loan, "approve", head, today=timezone.localdate())
    step = reverse("property:loan_step", kwargs={"loan_id": loan.pk})
    data = {"action": "return", "condition": "ดี", "custodian_accepts": "on"}
    response = login(client, officer).post(step, data, follow=True)
    assert "not possible" in response.content.decode() or "ไม่" in response.content.decode()
    assert Loan.objects.get(pk=loan.pk).state == LoanState.APPROVED


def test_loans_page_lists_what_waits_for_the_head_in_fixed_queries(client, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org, unit, head, _, _ = office
    login(client, head)
    counts = []
    for n in (2, 12):
        while Loan.objects.for_org(org).count() < n:
            make_loan(
                make_borrower(org), [make_item(org, unit)], today=timezone.localdate(), purpose="รอพิจารณา"
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("property:loans")).content.decode()
        assert page.count("รอพิจารณา") == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _history(org, unit, head, officer, n_items, n_loans):
    today = timezone.localdate()
    items = [make_item(org, unit) for _ in range(n_items)]
    for n in range(n_loans):
        loan = make_loan(
            make_borrower(org), [items[n % n_items]], today=today, start=today + timedelta(days=n)
        )
        actions.transition(loan, "approve", head, today=today)
        actions.transition(
            loan, "hand_over", officer, today=today, data={"condition": "ดี", "borrower_accepts": True}
        )


def test_report_costs_the_same_queries_however_much_history(client, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org, unit, head, officer, clerk = office
    _history(org, unit, head, officer, 2, 2)
    login(client, clerk)
    client.get(reverse("property:report"))  # the year picker's list of saved frameworks is cached after
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("property:report"))
    _history(org, unit, head, officer, 20, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("property:report"))
    assert len(large) == len(small)
    row = next(r for r in response.context["units"] if r["unit"] == unit)
    assert (row["items"], row["used"]) == (22, 32)
    people = response.context["people"]  # each of the 32 loans was made by a different borrower
    assert people.paginator.count == 32 and all(p["used"] == 1 for p in people)
    assert people[0]["borrower__first_name"] in response.content.decode()


def test_public_statistics_count_loans_without_names(client, office):
    org, unit, head, officer, _ = office
    _history(org, unit, head, officer, 2, 3)
    page = client.get(reverse("property_public:index", kwargs={"org_slug": org.slug})).content.decode()
    assert "๓" in page
    borrower = Loan.objects.for_org(org).first().borrower
    assert borrower.last_name not in page and borrower.first_name not in page


def test_item_page_shows_history_and_written_off_items_offer_no_borrowing(client, office):
    org, unit, _, officer, _ = office
    item = make_item(org, unit, status=ItemStatus.WRITTEN_OFF)
    page = login(client, officer).get(item.get_absolute_url()).content.decode()
    assert "?item=" not in page
    assert AuditEntry.objects.filter(object_type="property.asset", object_id=str(item.pk)).exists()


def test_the_demo_loads_twice_without_duplicates():
    from prongsai.core import demo as core_demo
    from prongsai.property import demo

    organisation = core_demo._organisation(core_demo.BOPHLOI)
    core_demo._posts(
        organisation, core_demo._units(organisation, core_demo.UNITS), core_demo.POSTS, prefix=""
    )
    demo.load({"bophloi": organisation})
    counts = (Asset.objects.for_org(organisation).count(), Loan.objects.for_org(organisation).count())
    demo.load({"bophloi": organisation})
    assert (Asset.objects.for_org(organisation).count(), Loan.objects.for_org(organisation).count()) == counts
    assert counts == (8, 2)
    assert Asset.objects.for_org(organisation).get(code="๔๑๖-๕๕-๐๐๐๓").status == ItemStatus.WRITTEN_OFF
