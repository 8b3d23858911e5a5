import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.disclosure import procurement
from prongsai.disclosure.models import ProcurementLine, ProcurementSummary, Publication
from prongsai.disclosure.tests.factories import xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    procurement.HEADINGS,
    [1, "จ้างซ่อมถนนลูกรัง หมู่ ๓", "๔๙,๕๐๐", "เฉพาะเจาะจง", "หจก.ทางดี 49,000", "หจก.ทางดี", "49000", "ราคาต่ำสุด",
     "จ.12/2565", "๑๕ ต.ค. ๒๕๖๔"],
    [2, "ซื้อวัสดุสำนักงาน", 12000, "เฉพาะเจาะจง", "", "ร้านเครื่องเขียน", 11800, "", "", ""],
    [None] * 10,
]  # fmt: skip


def test_an_xlsx_summary_is_imported_and_shown(org):
    result = procurement.import_file(org, 2565, 10, xlsx_bytes(GOOD), "skr1.xlsx")
    assert result.ok, result.errors
    first, second = result.lines
    assert first.budget == 49500 and first.contract_date == date(2021, 10, 15)
    assert second.price == 11800
    totals = procurement.totals_by_method(org, 2565)
    assert totals == [{"method": "เฉพาะเจาะจง", "count": 2, "budget": 61500, "price": 60800}]


def test_a_wrong_column_is_named(org):
    rows = [[*procurement.HEADINGS[:2], "งบประมาณ", *procurement.HEADINGS[3:]], GOOD[1]]
    result = procurement.import_file(org, 2565, 10, xlsx_bytes(rows), "x.xlsx")
    assert result.errors == ["คอลัมน์ C ต้องเป็น “วงเงินงบประมาณ” แต่พบ “งบประมาณ” "
                             "(column C should be “วงเงินงบประมาณ”, found “งบประมาณ”)"]  # fmt: skip
    assert not ProcurementSummary.objects.exists()


def test_one_bad_row_imports_nothing(org):
    rows = [*GOOD[:3], [3, "งานที่งบผิด", "ห้าพันบาท", "เฉพาะเจาะจง"]]
    result = procurement.import_file(org, 2565, 11, xlsx_bytes(rows), "x.xlsx")
    assert len(result.errors) == 1 and result.errors[0].startswith("แถว 4 “วงเงินงบประมาณ”")
    assert not ProcurementLine.objects.exists() and not ProcurementSummary.objects.exists()


def test_a_duplicate_month_is_refused(org):
    assert procurement.import_file(org, 2565, 10, xlsx_bytes(GOOD), "a.xlsx").ok
    again = procurement.import_file(org, 2565, 10, xlsx_bytes(GOOD), "b.xlsx")
    assert "already imported" in again.errors[0]
    assert ProcurementLine.objects.count() == 2


def test_csv_is_accepted_and_garbage_is_explained(org):
    csv_text = ",".join(procurement.HEADINGS) + "\n1,ซ่อมท่อ,500,เฉพาะเจาะจง,,,,,,\n"
    assert procurement.import_file(org, 2565, 12, csv_text.encode(), "a.csv").ok
    bad = procurement.import_file(org, 2565, 1, b"\x00\x01binary\xfe\xff", "a.csv")
    assert "CSV UTF-8" in bad.errors[0]


def test_import_from_the_staff_page_and_the_public_table_and_ocds(staff_client, client, org):
    upload = SimpleUploadedFile("skr1.xlsx", xlsx_bytes(GOOD))
    response = staff_client.post(
        reverse("disclosure:procurement"), {"year": 2565, "month": 10, "file": upload}
    )
    assert response.status_code == 302
    page = client.get(reverse("disclosure_public:procurement", kwargs={"org_slug": org.slug, "year": 2565}))
    assert "จ้างซ่อมถนนลูกรัง" in page.content.decode()
    package = json.loads(
        client.get(reverse("disclosure_public:ocds", kwargs={"org_slug": org.slug, "year": 2565})).content
    )
    award = package["releases"][0]["awards"][0]
    assert award["suppliers"][0]["name"] == "หจก.ทางดี" and award["value"] == {
        "amount": 49000.0,
        "currency": "THB",
    }


def test_a_bad_file_on_the_staff_page_keeps_the_form_and_lists_errors(staff_client, org):
    upload = SimpleUploadedFile("skr1.xlsx", xlsx_bytes([["ลำดับ"]]))
    response = staff_client.post(
        reverse("disclosure:procurement"), {"year": 2565, "month": 10, "file": upload}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "column B should be" in text and 'value="2565"' in text


def test_publishing_a_summary_puts_its_form_under_the_monthly_item_and_revises_it(staff_client, client, org):
    summary = procurement.import_file(org, 2565, 10, xlsx_bytes(GOOD), "skr1.xlsx").summary
    url = reverse("disclosure:procurement_publish", kwargs={"procurement_summary_id": summary.pk})
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url).status_code == 302
    first = Publication.objects.for_org(org).get()
    assert first.item.title_th == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" and first.file_type == "xlsx"
    with first.file.open("rb") as stored:  # the published file is the form itself: it reads back
        assert procurement.parse_rows(procurement.read_table(stored.read(), "x.xlsx"))[0][0]["project"] == (
            "จ้างซ่อมถนนลูกรัง หมู่ ๓"
        )
    staff_client.post(url)
    second = Publication.objects.for_org(org).exclude(pk=first.pk).get()
    assert second.supersedes == first
    found = client.get(reverse("disclosure_public:search", kwargs={"org_slug": org.slug}), {"q": "ลูกรัง"})
    assert [p.pk for p in found.context["page"]] == [second.pk, first.pk]


def test_the_annual_plan_goes_to_the_plan_item(org):
    summary = procurement.import_file(org, 2565, 0, xlsx_bytes(GOOD), "plan.xlsx").summary
    publication = procurement.publish_summary(summary)
    assert publication.item.title_th.startswith("แผนการจัดซื้อจัดจ้าง")
