"""Publishing the risk report and the action plan to their OIT items, and the official memo."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.disclosure.catalogue import ensure_catalogue, readiness
from prongsai.disclosure.models import Item, Publication
from prongsai.integrity.publishing import plan_item_code, risk_item_code
from prongsai.integrity.tests.factories import make_action_plan, make_project, make_register, make_risk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "risk", "plan"), [(2564, "o36", "o39"), (2566, "o34", "o36"), (2568, "o23", "o25")]
)
def test_the_items_are_found_by_title_whatever_their_number(year, risk, plan):
    assert (risk_item_code(year), plan_item_code(year)) == (risk, plan)


def _pdf_text(publication, tmp_path) -> str:
    pdf = tmp_path / "published.pdf"
    with publication.file.open("rb") as fh:
        pdf.write_bytes(fh.read())
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_publishing_the_register_moves_the_readiness_by_exactly_the_items_share(client, tmp_path):
    org = make_org()
    unit = make_unit(org, "กองคลัง")
    register = make_register(org, 2565, state="approved")
    make_risk(register, unit, likelihood=4, impact=5, event="แบ่งซื้อแบ่งจ้างเพื่อใช้วิธีเฉพาะเจาะจง")
    ensure_catalogue(org, 2565)
    before = readiness(org, 2565)
    item = Item.objects.for_org(org).get(year=2565, code="o36")
    siblings = Item.objects.for_org(org).filter(year=2565, sub_indicator=item.sub_indicator).count()
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.post(reverse("integrity:register_publish", kwargs={"risk_register_id": register.pk}))
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get()
    assert publication.item == item
    after = readiness(org, 2565)
    assert after.ready_count == before.ready_count + 1
    assert after.scores[item.sub_indicator] - before.scores[item.sub_indicator] == round(
        Decimal(100) / siblings, 2
    )
    register.refresh_from_db()
    assert register.published
    flat = _pdf_text(publication, tmp_path)
    assert "รายงานผลการประเมินความเสี่ยงการทุจริต" in flat and "พ.ศ.๒๕๖๕" in flat and "สูงมาก" in flat
    public = client.get(reverse("integrity_public:register", kwargs={"org_slug": org.slug, "year": 2565}))
    assert public.status_code == 200


def test_a_draft_register_is_not_published_and_a_unit_head_cannot_publish(client):
    org = make_org()
    register = make_register(org, 2565)
    make_risk(register, make_unit(org))
    url = reverse("integrity:register_publish", kwargs={"risk_register_id": register.pk})
    client.force_login(make_staff(org, roles=("unit_head",)))
    assert client.post(url).status_code == 403
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.post(url, follow=True)
    assert "Only an approved register can be published." in response.content.decode()
    assert not Publication.objects.for_org(org).exists()


def test_publishing_the_action_plan_puts_it_under_its_item(client, tmp_path):
    org = make_org()
    plan = make_action_plan(org, 2565)
    make_project(plan, make_unit(org, "สำนักปลัด"), title="โครงการอบรมประมวลจริยธรรม", budget=Decimal("30000"))
    client.force_login(make_staff(org, roles=("clerk",)))
    response = client.post(reverse("integrity:action_plan_publish", kwargs={"action_plan_id": plan.pk}))
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get()
    assert publication.item.code == "o39"
    flat = _pdf_text(publication, tmp_path)
    assert "แผนปฏิบัติการป้องกันการทุจริต" in flat and "๓๐,๐๐๐.๐๐" in flat


def test_the_report_is_an_official_memo_in_word_with_thai_digits(client, tmp_path):
    import docx

    org = make_org()
    register = make_register(org, 2565)
    make_risk(register, make_unit(org), likelihood=3, impact=4)
    client.force_login(make_staff(org, roles=()))
    response = client.get(reverse("integrity:register_document", kwargs={"risk_register_id": register.pk}),
                          {"format": "docx"})  # fmt: skip
    assert response.status_code == 200
    path = tmp_path / "memo.docx"
    path.write_bytes(response.content)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "บันทึกข้อความ" in text and "๓ × ๔ = ๑๒" in text and "2565" not in text
