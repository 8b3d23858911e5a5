"""Publishing a progress report to the disclosure portal in one action."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.disclosure.models import Publication
from prongsai.disclosure.publishing import item_code_titled
from prongsai.ita.framework import available_years
from prongsai.plans import drafting
from prongsai.plans.publishing import report_item_code
from prongsai.plans.tests.factories import make_member, make_seed_org
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def test_the_report_item_is_found_by_title_whatever_its_number():
    assert report_item_code(2565) == "o43"
    assert report_item_code(2566) == "o43"
    assert report_item_code(2568) == "o26"  # 2568 reports the measures with the anti-corruption plan
    with pytest.raises(ValueError, match="no item"):
        item_code_titled(2565, "ไม่มีข้อนี้ในกรอบการประเมิน")


def test_a_year_without_its_own_framework_finds_the_item_in_the_one_carried_forward():
    next_year = fiscal_year_of(timezone.localdate()) + 1
    assert report_item_code(next_year) == report_item_code(max(available_years()))


def test_publishing_the_6_month_report_puts_a_searchable_pdf_under_o43(client, tmp_path):
    org, units = make_seed_org()
    plan, _ = drafting.draft_plan(org, 2565, lowest_only=True)
    analyst = make_member(org, units["งานวิเคราะห์นโยบายและแผน"], roles=("analyst",))
    client.force_login(analyst)
    response = client.post(reverse("plans:publish_report", kwargs={"plan_id": plan.pk}), {"months": "6"})
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get()
    assert publication.item.code == "o43" and "รอบ 6 เดือน" in publication.title
    pdf = tmp_path / "report.pdf"
    with publication.file.open("rb") as fh:
        pdf.write_bytes(fh.read())
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())  # table cells wrap; the words must still be there, ำ included
    assert "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ" in flat and "รอบ๖เดือน" in flat and "ดำเนิน" in flat
    public = client.get(reverse("disclosure_public:index", kwargs={"org_slug": org.slug}))
    assert public.status_code == 200


def test_a_unit_head_cannot_publish(client):
    org, units = make_seed_org()
    plan, _ = drafting.draft_plan(org, 2565, lowest_only=True)
    client.force_login(make_member(org, units["กองคลัง"]))
    assert client.post(reverse("plans:publish_report", kwargs={"plan_id": plan.pk})).status_code == 403


def test_the_report_is_an_official_memo_as_docx_and_pdf(client, tmp_path):
    import docx

    org, units = make_seed_org()
    plan, _ = drafting.draft_plan(org, 2565, lowest_only=True)
    client.force_login(make_member(org, units["งานวิเคราะห์นโยบายและแผน"], roles=("analyst",)))
    url = reverse("plans:report_document", kwargs={"plan_id": plan.pk})
    word = client.get(url, {"months": "12", "format": "docx"})
    path = tmp_path / "report.docx"
    path.write_bytes(word.content)
    body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs).replace("\xa0", " ")
    assert "บันทึกข้อความ" in body and "รอบ ๑๒ เดือน" in body
    pdf = client.get(url, {"months": "6", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
