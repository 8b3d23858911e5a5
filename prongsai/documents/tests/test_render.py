"""The two renderers: escaping, DOCX properties Word needs, and multi-page tables in the PDF."""

import shutil
import subprocess
import zipfile

import pytest

from prongsai.documents.content import Attachment, Column, DocumentContent, Heading, Memo, Row, Section, Table
from prongsai.documents.render.docx import render_docx
from prongsai.documents.render.html import page_count, render_pdf, to_html
from prongsai.documents.text import official

needs_pdf_tools = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")), reason="poppler-utils is not installed"
)
HOSTILE = '<script>alert(1)</script> { INCLUDETEXT "C:\\\\secret" } \x13 HYPERLINK x \x15'


def memo(subject: str = "มาตรการส่งเสริมคุณธรรม") -> Memo:
    return Memo(
        department="สำนักปลัดเทศบาล", reference="กจ ๕๓๐๐๑/๕๐", date=official("25 มีนาคม พ.ศ. 2565"),
        subject=subject, to="นายกเทศมนตรี", attachments=("มาตรการ",),
        sections=(Section("เรื่องเดิม", ("สำนักปลัด ดำเนินการ คะแนน คำสั่ง",)),), closing="จึงเรียนมาเพื่อโปรดทราบ",
        signer_name="นางณภัทร ฤกษ์วิจิตร", signer_position="นักวิเคราะห์", approvals=(),
    )  # fmt: skip


def big_table(n: int = 200) -> Attachment:
    columns = (Column("มาตรการ/แนวทาง", 4.0), Column("วิธีการดำเนินการ", 12.0))
    rows = tuple(
        Row(((official(f"มาตรการที่ {i}"),), ("จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ",))) for i in range(1, n + 1)
    )
    return Attachment((Heading("ตาราง"), Table(columns, rows)))


def test_html_in_text_is_printed_as_text(tmp_path):
    html = to_html(DocumentContent(memo(subject=official(HOSTILE))), tmp_path).read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(๑)&lt;/script&gt;" in html


def test_docx_sets_the_thai_font_sizes_and_language_and_keeps_field_codes_as_text(tmp_path):
    out = render_docx(DocumentContent(memo(subject=official(HOSTILE)), (big_table(3),)), tmp_path / "m.docx")
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert 'w:cs="TH SarabunIT๙"' in xml and '<w:szCs w:val="32"/>' in xml
    assert 'w:bidi="th-TH"' in xml
    assert "<w:tblHeader" in xml and 'w:type="dxa"' in xml  # repeated header, fixed widths
    assert xml.count("<w:tbl>") == 1 and 'w:type="page"' not in xml and "pageBreakBefore" not in xml
    assert "fldSimple" not in xml and "instrText" not in xml and "fldChar" not in xml
    assert "{ INCLUDETEXT" in xml  # the typed text is still there, as text
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode()
    assert 'w:cs="TH SarabunIT๙"' in styles


@needs_pdf_tools
def test_a_200_row_table_prints_on_many_pages_each_marked_continued(tmp_path):
    pdf = render_pdf(DocumentContent(memo(), (big_table(),)), tmp_path / "big.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\xa0", " ")
    pages = text.split("\f")
    assert page_count(pdf) >= 4
    flat = "".join(text.split())
    assert all(f"มาตรการที่{n}" in flat for n in ("๑", "๙๙", "๒๐๐"))
    continued = [p for p in pages if "(ต่อ)" in p]
    assert len(continued) >= 3
    assert all("วิธีการดำเนินการ" in p for p in continued)  # the header is repeated


@needs_pdf_tools
def test_the_pdf_text_layer_keeps_sara_am(tmp_path):
    pdf = render_pdf(DocumentContent(memo()), tmp_path / "m.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\xa0", " ")
    for word in ("สำนักปลัด", "ดำเนินการ", "คะแนน", "คำสั่ง"):
        assert word in text


# --- the correspondence rules' layout, measured on the printed page -----------------------------

CM = 72 / 2.54


def signed_memo(emblem: str = "") -> Memo:
    from prongsai.documents.content import ApprovalBlock

    approvals = tuple(
        ApprovalBlock(official("เห็นชอบ"), f"ผู้อนุมัติ{n}\u00a0ทดสอบ", "ตำแหน่ง", official(f"{n} เมษายน พ.ศ. 2565"))
        for n in range(1, 6)
    )
    return Memo(**{**memo().__dict__, "approvals": approvals, "emblem_path": emblem})


@needs_pdf_tools
def test_pages_are_numbered_from_two_centred_at_the_top_in_thai_digits(tmp_path):
    from prongsai.documents.tests import pdfcheck

    pdf = render_pdf(DocumentContent(signed_memo(), (big_table(120),)), tmp_path / "m.pdf")
    pages = pdfcheck.pages(pdf)
    assert len(pages) >= 3
    assert [w.text for w in pages[0].words if w.y0 < 1.4 * CM] == []  # page 1 has no number
    for n, page in enumerate(pages[1:], start=2):
        top = sorted(page.words, key=lambda w: (w.y0, w.x0))[:3]
        assert [w.text for w in top] == ["-", official(str(n)), "-"]
        middle = (top[0].x0 + top[-1].x1) / 2 / CM
        assert abs(middle - 11.0) < 0.3  # the centre of the text area (3 cm .. 19 cm)
        assert top[0].y1 < 2.0 * CM  # in the top margin


@needs_pdf_tools
def test_every_printed_name_has_at_least_one_and_a_half_centimetres_to_sign_above_it(tmp_path):
    from prongsai.documents.tests import pdfcheck

    pdf = render_pdf(DocumentContent(signed_memo()), tmp_path / "m.pdf")
    checked = 0
    for page in pdfcheck.pages(pdf):
        words = sorted(page.words, key=lambda w: w.y0)
        for i, word in enumerate(words):
            if word.text.startswith("(") and word.text != "(ต่อ)":
                above = [w.y1 for w in words[:i] if w.y1 <= word.y0 + 1]
                if above:
                    room = (word.y0 - max(above)) / CM
                    assert room >= 1.5, f"{word.text}: {room:.2f} cm"
                    checked += 1
    assert checked >= 5  # the sender's and the approvers' names (the first may open a page)


@needs_pdf_tools
def test_the_garuda_is_one_and_a_half_centimetres_high_at_the_top_left(tmp_path):
    from PIL import Image

    from prongsai.core.tests import samples

    emblem = tmp_path / "garuda.png"
    emblem.write_bytes(samples.picture("PNG"))  # a red square
    pdf = render_pdf(DocumentContent(signed_memo(str(emblem))), tmp_path / "m.pdf")
    subprocess.run(["pdftoppm", "-r", "72", "-l", "1", "-png", str(pdf), str(tmp_path / "p")], check=True)
    page = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    red = page.point(lambda v: v).split()  # the emblem is the only red on the page
    mask = Image.eval(Image.merge("RGB", red).convert("HSV").split()[1], lambda v: 255 if v > 150 else 0)
    left, top, right, bottom = mask.getbbox()
    assert abs(top / CM - 1.5) < 0.1 and abs((bottom - top) / CM - 1.5) < 0.1
    assert abs(left / CM - 3.0) < 0.1 and right / CM < 5.0


@needs_pdf_tools
def test_a_table_too_wide_for_a_portrait_page_prints_on_a_landscape_page(tmp_path):
    columns = tuple(Column(f"หัวข้อที่{n}ของตารางกว้าง") for n in range(9))
    wide = Table(columns, (Row(tuple(("ประชาสัมพันธ์ประชาสัมพันธ์",) for _ in range(9))),))
    pdf = render_pdf(DocumentContent(memo(), (Attachment((Heading("ตาราง"), wide)),)), tmp_path / "w.pdf")
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "9", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.replace("  ", " ")  # fmt: skip
    assert "size: 594.96 x 841.92 pts" in sizes  # the memo, portrait
    assert "size: 841.92 x 594.96 pts" in sizes  # the table, landscape
    assert sizes.count("pts (A4)") == 2  # the memo, then the heading with its landscape table
    docx = zipfile.ZipFile(render_docx(DocumentContent(memo(), (Attachment((wide,)),)), tmp_path / "w.docx"))
    assert 'w:orient="landscape"' in docx.read("word/document.xml").decode()


def test_the_docx_numbers_pages_from_two_and_names_the_rules_sizes(tmp_path):
    out = render_docx(DocumentContent(signed_memo(), (big_table(3),)), tmp_path / "m.docx")
    archive = zipfile.ZipFile(out)
    xml = archive.read("word/document.xml").decode()
    assert "<w:titlePg/>" in xml  # no number on the first page
    headers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")]
    assert any("PAGE \\* ThaiArabic" in h and "- " in h for h in headers)
    assert '<w:sz w:val="32"/>' in xml and '<w:sz w:val="58"/>' in xml  # 16 pt body, 29 pt heading
    assert 'w:leader="dot"' in xml  # the labels' dotted lines
    assert xml.count('w:before="907"') >= 6  # 1.6 cm above each printed name, sender and approvers


# --- the Garuda emblem ------------------------------------------------------------------------


@pytest.mark.django_db
@needs_pdf_tools
def test_a_document_renders_with_the_emblem_uploaded_in_the_settings(client, chain_org, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from prongsai.core.tests import samples
    from prongsai.documents import output
    from prongsai.documents.layout import emblem_missing
    from prongsai.documents.models import DocumentSettings
    from prongsai.documents.tests.factories import make_document

    org, users = chain_org
    DocumentSettings.objects.for_org(org).update(emblem="")
    assert emblem_missing(org)
    client.force_login(users["clerk"])
    upload = SimpleUploadedFile("garuda.png", samples.picture("PNG"), content_type="image/png")
    data = {"register_prefix": "กจ ๕๓๐๐๑/", "department": "สำนักปลัด", "emblem_file": upload}
    response = client.post(reverse("documents:settings"), data)
    assert response.status_code == 302 and not emblem_missing(org)
    document = make_document(org, users["analyst"])
    result = output.write_files(output.content_for(document), tmp_path, "memo")  # crashed: 'str' … 'name'
    images = subprocess.run(["pdfimages", "-list", result["pdf"]], capture_output=True, text=True, check=True)
    assert len(images.stdout.strip().splitlines()) == 3  # two header lines and the emblem
    assert "word/media/" in " ".join(zipfile.ZipFile(result["docx"]).namelist())


@pytest.mark.django_db
def test_the_final_approval_is_refused_until_the_emblem_is_set(chain_org):
    from prongsai.documents import workflow
    from prongsai.documents.models import DocumentSettings, Status
    from prongsai.documents.tests.factories import make_document, set_emblem

    org, users = chain_org
    DocumentSettings.objects.for_org(org).update(emblem="")
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    steps = list(document.steps.order_by("order"))
    for step in steps[:-1]:  # the steps before the last go through: a draft may show a placeholder
        workflow.transition(document, "approve", workflow.approver_of(step).user, suggestion="เห็นชอบ")
    last = workflow.approver_of(steps[-1]).user
    with pytest.raises(workflow.WorkflowError, match="Garuda emblem is not set"):
        workflow.transition(document, "approve", last, suggestion="อนุมัติ")
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW
    set_emblem(org)
    workflow.transition(document, "approve", last, suggestion="อนุมัติ")
    document.refresh_from_db()
    assert document.status == Status.APPROVED
