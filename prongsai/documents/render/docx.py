"""The memo as DOCX (python-docx) that opens and edits cleanly in Word and LibreOffice.

As deps.md §8 found necessary: the font is named "TH SarabunIT๙" (what government PCs have;
servers alias it to Sarabun with fontconfig) for every script including complex script (w:cs),
with the complex-script size (w:szCs) and Thai as the bidi language; single line spacing with no
space after paragraphs; tables with fixed column widths and a repeated header row (w:tblHeader).
Typed text is written as plain runs: a field code typed in a field stays text.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from prongsai.documents.content import DocumentContent, Heading, Memo, Paragraph, Table
from prongsai.documents.layout import keep_heading_with_next, paginate

FONT = "TH SarabunIT๙"
SIZE = 16


def _font(owner, size: int = SIZE, bold: bool = False) -> None:
    """Set the Thai font on a run or a style: every script, both sizes, Thai bidi language."""
    rpr = owner._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    owner.font.size = Pt(size)
    owner.font.bold = bold
    owner.font.cs_bold = bold
    for tag in ("w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(size * 2))
    rpr.find(qn("w:sz")).addnext(size_cs)  # the schema's order: sz, szCs, …, lang
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def _para(container, text: str = "", *, size: int = SIZE, bold: bool = False, align=None,
          indent_cm: float = 0.0, left_cm: float = 0.0, page_break: bool = False):  # fmt: skip
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.0
    fmt.space_before = fmt.space_after = Pt(0)
    if indent_cm:
        fmt.first_line_indent = Cm(indent_cm)
    if left_cm:
        fmt.left_indent = Cm(left_cm)
    if align is not None:
        paragraph.alignment = align
    if page_break:
        fmt.page_break_before = True
    if text:
        _run(paragraph, text, size=size, bold=bold)
    return paragraph


def _run(paragraph, text: str, *, size: int = SIZE, bold: bool = False):
    run = paragraph.add_run(text)
    _font(run, size, bold)
    return run


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    _font(normal)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.space_after = Pt(0)


def _labelled(doc, parts: list[tuple[str, str]]) -> None:
    paragraph = _para(doc)
    for i, (label, value) in enumerate(parts):
        if i:
            paragraph.add_run("\t")
        _run(paragraph, label, size=20, bold=True)
        _run(paragraph, " " + value)
    if len(parts) > 1:
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(8))


def _memo(doc, memo: Memo) -> None:
    head = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    if memo.emblem_path and Path(memo.emblem_path).exists():
        head.add_run().add_picture(memo.emblem_path, height=Cm(1.5))
        head.add_run("\t")
    else:
        _run(head, "[ตราครุฑ]\t", size=10)
    _run(head, "บันทึกข้อความ", size=29, bold=True)
    _labelled(doc, [("ส่วนราชการ", memo.department)])
    _labelled(doc, [("ที่", memo.reference), ("วันที่", memo.date)])
    _labelled(doc, [("เรื่อง", memo.subject)])
    _para(doc, f"เรียน {memo.to}")
    if memo.attachments:
        _para(doc, "สิ่งที่แนบมาด้วย " + ", ".join(memo.attachments))
    for section in memo.sections:
        _para(doc, section.heading, bold=True)
        for text in section.paragraphs:
            _para(doc, text, indent_cm=2.5)
    _para(doc, memo.closing, indent_cm=2.5)
    _para(doc)
    for line in (f"({memo.signer_name})", memo.signer_position):
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=7.5).paragraph_format.keep_with_next = True
    for block in memo.approvals:
        _para(doc)
        lines = ["ข้อเสนอแนะ", block.suggestion or "." * 60, "", f"({block.name})", block.position,
                 block.date or "วันที่ ........................"]  # fmt: skip
        for i, line in enumerate(lines):
            p = _para(doc, line, left_cm=6, align=WD_ALIGN_PARAGRAPH.CENTER if i >= 3 else None)
            p.paragraph_format.keep_with_next = i < len(lines) - 1


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    trpr.append(cant_split)


def _cell(cell, lines, *, bold: bool = False, center: bool = False) -> None:
    first = cell.paragraphs[0]
    for i, line in enumerate(lines or ("",)):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.space_after = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            _run(paragraph, line, bold=bold)


def _table(doc, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, col in enumerate(block.columns):
        table.columns[j].width = Cm(col.width_cm)
        _cell(table.rows[0].cells[j], (col.title,), bold=True, center=True)
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        if row.group:
            merged = cells[0].merge(cells[-1])
            _cell(merged, (" ".join(row.cells[0]),), bold=True)
        else:
            for j, (lines, col) in enumerate(zip(row.cells, block.columns, strict=False)):
                _cell(cells[j], lines, center=col.center)
    for row in table.rows:  # Word reads widths from the cells, LibreOffice from the grid
        for j, col in enumerate(block.columns):
            if j < len(row.cells):
                row.cells[j].width = Cm(col.width_cm)


def _attachment_page(doc, page: list, first: bool) -> None:
    for i, block in enumerate(page):
        page_break = first is False and i == 0
        if isinstance(block, Heading):
            for j, line in enumerate(block.text.split("\n")):
                _para(doc, line, bold=True, page_break=page_break and j == 0,
                      align=WD_ALIGN_PARAGRAPH.CENTER if block.center else None)  # fmt: skip
        elif isinstance(block, Paragraph):
            _para(doc, block.text, indent_cm=2.5 if block.indent else 0, page_break=page_break)
        else:
            if block.continued or page_break:
                _para(doc, "(ต่อ)" if block.continued else "", align=WD_ALIGN_PARAGRAPH.RIGHT,
                      page_break=page_break)  # fmt: skip
            _table(doc, block)


def render_docx(content: DocumentContent, out: Path) -> Path:
    doc = DocxDocument()
    _setup(doc)
    _memo(doc, content.memo)
    for attachment in content.attachments:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for n, page in enumerate(keep_heading_with_next(paginate(attachment.blocks))):
            _attachment_page(doc, page, first=n == 0)
    doc.save(str(out))
    return out
