"""The kinds an office issues: a free memo, an order, an announcement, an external letter.

Each has its own document type and chain, its own fields and printed form, DOCX and PDF through
the documents' renderers, and a number from its register series.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from prongsai.core.tests.factories import PASSWORD, login_verified
from prongsai.documents import kinds, output, workflow
from prongsai.documents import text as t
from prongsai.documents.models import Document, DocumentType, SentEntry
from prongsai.documents.render.docx import render_docx
from prongsai.documents.render.html import to_html
from prongsai.documents.tests.factories import approve_all

pytestmark = pytest.mark.django_db

BODY = "ด้วยศูนย์รับเรื่องร้องเรียนการทุจริต ต้องมีผู้รับผิดชอบ\n\nจึงแต่งตั้งให้ นางสาวพอลาณ คนตรง เป็นเจ้าหน้าที่"


def _order(org, users, **text) -> Document:
    sender = users["analyst"]
    return kinds.create(
        org, kinds.ORDER, sender.person, sender, 2570,
        subject="แต่งตั้งเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนการทุจริต", facts=BODY, **text,
    )  # fmt: skip


def test_each_kind_gets_its_own_type_and_chain_from_the_senders_command(chain_org):
    org, users = chain_org
    sender = users["analyst"]
    for code in kinds.KINDS:
        document = kinds.create(org, code, sender.person, sender, 2570, subject=f"เรื่อง {code}", to="นายก")
        assert document.document_type.code == code
        assert [s.position.title_th for s in document.steps.order_by("order")] == [
            "หัวหน้าสำนักปลัด", "ปลัดเทศบาล", "นายกเทศมนตรี",
        ]  # fmt: skip
    assert DocumentType.objects.for_org(org).filter(code__in=kinds.KINDS).count() == 4


def test_a_kind_keeps_the_chain_its_administrator_set(chain_org):
    org, users = chain_org
    doc_type = kinds.document_type(org, kinds.ANNOUNCEMENT, users["analyst"].person)
    workflow.set_chain(doc_type, [users["mayor"].person.position])
    document = kinds.create(
        org, kinds.ANNOUNCEMENT, users["analyst"].person, users["analyst"], 2570, subject="ก"
    )
    assert [s.position.title_th for s in document.steps.all()] == ["นายกเทศมนตรี"]


def test_an_order_prints_its_heading_number_and_signer_from_its_own_template(chain_org, tmp_path):
    org, users = chain_org
    document = _order(org, users)
    workflow.transition(document, "submit", users["analyst"])
    document = approve_all(Document.objects.get(pk=document.pk), users)
    content = output.content_for(document)
    assert isinstance(content.memo, kinds.Issued)
    html = to_html(content, tmp_path).read_text(encoding="utf-8")
    year = date.today().year + 543
    assert t.official(f"คำสั่ง{org.name_th}") in html
    assert "ที่ ๑/" + "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(year)) in html
    assert "สั่ง ณ วันที่" in html and "letter-head" in html  # Garuda 3 cm centred
    assert "ชัยเชษฐ" in html  # the mayor, last of the chain, signs the order
    assert "บันทึกข้อความ" not in html


def test_a_letter_prints_reference_address_enclosures_and_regards(chain_org, tmp_path):
    org, users = chain_org
    org.address = "ถนนสุขุมวิท ตำบลบ่อพลอย"
    org.save()
    sender = users["analyst"]
    document = kinds.create(
        org, kinds.LETTER, sender.person, sender, 2570, subject="ขอเชิญประชุม", to="นายอำเภอบ่อพลอย",
        refers_to="หนังสืออำเภอ ที่ กจ 0018/12", enclosures="กำหนดการ\nแผนที่", facts=BODY,
    )  # fmt: skip
    html = to_html(kinds.content_of(document), tmp_path).read_text(encoding="utf-8")
    for text in ("เรียน</span> นายอำเภอบ่อพลอย", "อ้างถึง", "กำหนดการ", "แผนที่", "ขอแสดงความนับถือ",
                 "ถนนสุขุมวิท ตำบลบ่อพลอย", "letter-head", "๐๐๑๘/๑๒"):  # fmt: skip
        assert text in html


def test_a_free_memo_is_printed_as_a_memo_without_the_measures_attachment(chain_org, tmp_path):
    org, users = chain_org
    sender = users["analyst"]
    document = kinds.create(
        org, kinds.MEMO, sender.person, sender, 2570, subject="ขออนุมัติ", to="นายก", facts="ก"
    )
    content = kinds.content_of(document)
    assert content.attachments == ()
    assert "บันทึกข้อความ" in to_html(content, tmp_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("code", [kinds.ORDER, kinds.ANNOUNCEMENT, kinds.LETTER])
def test_the_docx_of_each_kind_carries_its_words(chain_org, tmp_path, code):
    org, users = chain_org
    sender = users["analyst"]
    document = kinds.create(org, code, sender.person, sender, 2570, subject="เรื่องทดสอบ", to="ผู้รับ", facts=BODY)
    path = render_docx(kinds.content_of(document), tmp_path / "k.docx")
    text = "\n".join(p.text for p in DocxDocument(str(path)).paragraphs)
    assert "เรื่องทดสอบ" in text and "ศูนย์รับเรื่องร้องเรียนการทุจริต" in text
    expected = {kinds.ORDER: "สั่ง ณ วันที่", kinds.ANNOUNCEMENT: "ประกาศ ณ วันที่", kinds.LETTER: "ขอแสดงความนับถือ"}
    assert expected[code] in text
    assert "บันทึกข้อความ" not in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")
@pytest.mark.browser
def test_an_order_becomes_a_pdf_with_its_text(chain_org, tmp_path):
    org, users = chain_org
    document = _order(org, users)
    written = output.write_files(kinds.content_of(document), tmp_path, "order")
    text = subprocess.run(
        ["pdftotext", written["pdf"], "-"], capture_output=True, text=True, check=True
    ).stdout
    assert t.official(f"คำสั่ง{org.name_th}").replace(" ", "").replace(t.NBSP, "") in text.replace(" ", "")
    assert "สั่ง ณ วันที่" in text or "สั่งณวันที่" in text.replace(" ", "")
    assert written["pages"] == 1


def test_the_snapshot_of_an_order_rebuilds_the_same_content(chain_org):
    from prongsai.documents import snapshot

    org, users = chain_org
    document = _order(org, users)
    workflow.transition(document, "submit", users["analyst"])
    document.refresh_from_db()
    assert document.snapshot
    assert isinstance(snapshot.content(document).memo, kinds.Issued)
    assert snapshot.content(document).memo.paragraphs == kinds.content_of(document).memo.paragraphs


def test_the_edit_page_shows_the_kinds_fields_only(client, chain_org):
    org, users = chain_org
    document = _order(org, users)
    client.login(username=users["analyst"].username, password=PASSWORD)
    page = client.get(reverse("documents:edit", kwargs={"document_id": document.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="facts"' in body and 'name="subject"' in body
    assert 'name="background"' not in body and 'name="to"' not in body
    answer = client.post(
        reverse("documents:edit", kwargs={"document_id": document.pk}),
        {"subject": "แต่งตั้งใหม่", "facts": "ข้อความ", "closing": "ทั้งนี้"},
    )
    assert answer.status_code == 302
    document.refresh_from_db()
    assert (document.subject, document.facts) == ("แต่งตั้งใหม่", "ข้อความ")


def test_the_index_creates_a_draft_of_the_chosen_kind(client, chain_org):
    org, users = chain_org
    client.login(username=users["analyst"].username, password=PASSWORD)
    index = client.get(reverse("documents:index"))
    assert index.status_code == 200
    body = index.content.decode()
    assert reverse("documents:sent_register") in body and reverse("documents:received_register") in body
    answer = client.post(
        reverse("documents:create_kind"),
        {"kind-kind": "order", "kind-subject": "แต่งตั้ง", "kind-fiscal_year": 2570},
    )
    document = Document.objects.for_org(org).get(subject="แต่งตั้ง")
    assert answer.status_code == 302 and answer["Location"] == reverse("documents:edit", args=[document.pk])
    assert document.document_type.code == "order"
    refused = client.post(reverse("documents:create_kind"), {"kind-kind": "poem", "kind-subject": "x"})
    assert refused.status_code == 400


def test_only_the_add_role_creates_and_only_the_centre_head_or_admin_publishes(client, chain_org):
    org, users = chain_org
    client.login(username=users["head"].username, password=PASSWORD)  # a unit head: no add role
    answer = client.post(
        reverse("documents:create_kind"),
        {"kind-kind": "order", "kind-subject": "ก", "kind-fiscal_year": 2570},
    )
    assert answer.status_code == 403
    document = _order(org, users)
    client.login(username=users["analyst"].username, password=PASSWORD)
    assert client.post(reverse("documents:publish_order", args=[document.pk])).status_code == 403


def test_submitting_numbers_orders_in_their_own_series(chain_org):
    org, users = chain_org
    first, second = _order(org, users), _order(org, users)
    sender = users["analyst"]
    letter = kinds.create(org, kinds.LETTER, sender.person, sender, 2570, subject="จดหมาย", to="ผู้รับ")
    for document in (first, second, letter):
        workflow.transition(document, "submit", sender)
    numbers = {d.pk: (d.register_number, d.reference) for d in Document.objects.for_org(org)}
    year = "".join("๐๑๒๓๔๕๖๗๘๙"[int(c)] for c in str(date.today().year + 543))
    assert numbers[first.pk] == (1, f"๑/{year}") and numbers[second.pk] == (2, f"๒/{year}")
    assert numbers[letter.pk][0] == 1  # letters run their own series
    assert SentEntry.objects.for_org(org).count() == 3


def test_publishing_an_order_needs_it_approved(client, chain_org, settings):
    org, users = chain_org
    document = _order(org, users)
    clerk = users["clerk"]
    clerk.person.position.roles = [*clerk.person.position.roles, "org_admin"]
    clerk.person.position.save()
    login_verified(client, clerk)
    answer = client.post(reverse("documents:publish_order", args=[document.pk]), follow=True)
    assert answer.status_code == 200
    assert "Only an approved order can be published" in answer.content.decode()


def test_an_order_docx_opens_from_bytes(chain_org, tmp_path):
    org, users = chain_org
    document = _order(org, users)
    path = render_docx(kinds.content_of(document), tmp_path / "o.docx")
    assert DocxDocument(io.BytesIO(path.read_bytes())).paragraphs
