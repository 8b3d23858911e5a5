import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.core.tests.factories import make_staff
from prongsai.disclosure.models import Item, Publication
from prongsai.disclosure.tests.factories import PDF, item_of, make_catalogue, make_publication
from prongsai.ita.framework import available_years
from prongsai.ita.results import framework_for
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def test_checklist_shows_ready_and_missing_with_what_each_needs(staff_client, org):
    make_publication(item_of(org, "o1"), "ผังโครงสร้าง")
    missing = item_of(org, "o2")
    page = staff_client.get(reverse("disclosure:checklist", kwargs={"year": 2565})).content.decode()
    assert page.count('badge ok">') >= 1
    assert missing.requirement_th in page
    assert "1 / 43" in page


def test_create_catalogue_for_a_year(staff_client, org):
    response = staff_client.post(reverse("disclosure:create_catalogue"), {"year": "2564"}, follow=True)
    assert "43" in response.content.decode()


def test_create_catalogue_for_an_unknown_year_explains(staff_client, org):
    response = staff_client.post(reverse("disclosure:create_catalogue"), {"year": "2590"}, follow=True)
    assert "there is no ITA framework for 2590" in response.content.decode()


def test_publishing_a_pdf_from_the_item_page(staff_client, org):
    item = item_of(org, "o10")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = staff_client.post(url, {"title": "แผนดำเนินงาน", "file": upload})
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get(item=item)
    assert publication.file_type == "pdf" and publication.filename == "plan.pdf"


def test_an_executable_renamed_pdf_is_refused_and_the_form_keeps_the_title(staff_client, org):
    item = item_of(org, "o10")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = staff_client.post(url, {"title": "แผนดำเนินงาน", "file": upload})
    assert response.status_code == 200
    assert "แผนดำเนินงาน" in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not Publication.objects.for_org(org).exists()


def test_a_revision_keeps_the_old_version_in_the_history(staff_client, org):
    item = item_of(org, "o3")
    old = make_publication(item, "อำนาจหน้าที่ 2564")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    staff_client.post(url, {"title": "อำนาจหน้าที่ 2565", "text": "ใหม่", "supersedes": old.pk})
    response = staff_client.get(url)
    assert [p.title for p in response.context["current"]] == ["อำนาจหน้าที่ 2565"]
    assert [p.title for p in response.context["history"]] == ["อำนาจหน้าที่ 2564"]


def test_a_scheduled_publication_is_listed_apart(staff_client, org):
    item = item_of(org, "o3")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    later = {"publish_at_0": "01/01/2600", "publish_at_1": "09:00"}  # a Buddhist-era date, 24-hour time
    staff_client.post(url, {"title": "ประกาศล่วงหน้า", "text": "x", **later})
    response = staff_client.get(url)
    assert [p.title for p in response.context["scheduled"]] == ["ประกาศล่วงหน้า"]
    assert response.context["current"] == []


def test_giving_both_a_link_and_a_text_is_refused(staff_client, org):
    item = item_of(org, "o3")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    response = staff_client.post(url, {"title": "x", "text": "y", "url": "https://example.org"})
    assert "exactly one" in str(response.context["form"].non_field_errors())


def test_staff_without_a_publishing_role_cannot_publish(client, org):
    client.force_login(make_staff(org, roles=("unit_head",)))
    item = item_of(org, "o3")
    url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": item.pk})
    assert client.post(url, {"title": "x", "text": "y"}).status_code == 404
    assert not Publication.objects.for_org(org).exists()


def test_itas_export_csv_and_xlsx_list_every_item_with_its_url(staff_client, org):
    items = make_catalogue(org)
    make_publication(items[0], url="https://example.org/structure.pdf", kind="link", text="")
    url = reverse("disclosure:export", kwargs={"year": 2565})
    rows = list(csv.reader(io.StringIO(staff_client.get(url + "?format=csv").content.decode("utf-8-sig"))))
    assert len(rows) == 44 and rows[1][0] == "o1"
    assert rows[1][3].endswith(f"/{org.slug}/disclosure/2565/o1/")
    assert rows[1][4] == "https://example.org/structure.pdf"
    sheet = load_workbook(io.BytesIO(staff_client.get(url + "?format=xlsx").content)).active
    assert sheet.max_row == 44 and sheet["A44"].value == "o43"
    assert "o43" in staff_client.get(url).content.decode()


def test_every_itas_url_answers(staff_client, client, org):
    items = make_catalogue(org)
    make_publication(items[0])
    url = reverse("disclosure:export", kwargs={"year": 2565})
    rows = list(csv.reader(io.StringIO(staff_client.get(url + "?format=csv").content.decode("utf-8-sig"))))
    for row in rows[1:]:
        assert client.get(row[3].removeprefix("http://testserver")).status_code == 200, row


def test_a_year_without_its_own_framework_is_carried_forward_and_says_so(staff_client, org):
    """Issue 15: the next fiscal year has no framework yet; its checklist is no dead end."""
    year = fiscal_year_of(timezone.localdate()) + 1
    url = reverse("disclosure:checklist", kwargs={"year": year})
    empty = staff_client.get(url).content.decode()
    assert "Create the catalogue" in empty and f'name="year" value="{year}"' in empty
    response = staff_client.post(reverse("disclosure:create_catalogue"), {"year": str(year)}, follow=True)
    page = response.content.decode()
    source = max(available_years())
    assert response.status_code == 200 and "Not yet confirmed" in page
    assert f"carried forward from the framework of {source}" in page
    assert Item.objects.for_org(org).filter(year=year).count() == len(framework_for(source).oit_items)
    public = staff_client.get(reverse("disclosure_public:year", kwargs={"org_slug": org.slug, "year": year}))
    assert f"carried forward from the framework of {source}" in public.content.decode()


def test_the_catalogue_year_picker_offers_every_year_and_chooses_the_current_one(staff_client, org):
    page = staff_client.get(reverse("disclosure:index")).content.decode()
    current = fiscal_year_of(timezone.localdate())
    for year in range(2563, current + 2):
        assert f'<option value="{year}"' in page
    assert f'<option value="{current}" selected>' in page
