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
    assert page_count(pdf) >= 6
    flat = "".join(text.split())
    assert all(f"มาตรการที่{n}" in flat for n in ("๑", "๙๙", "๒๐๐"))
    continued = [p for p in pages if "(ต่อ)" in p]
    assert len(continued) >= 4
    assert all("วิธีการดำเนินการ" in p for p in continued)  # the header is repeated


@needs_pdf_tools
def test_the_pdf_text_layer_keeps_sara_am(tmp_path):
    pdf = render_pdf(DocumentContent(memo()), tmp_path / "m.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\xa0", " ")
    for word in ("สำนักปลัด", "ดำเนินการ", "คะแนน", "คำสั่ง"):
        assert word in text
