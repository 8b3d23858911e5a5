"""The memo as DOCX (python-docx) that opens and edits cleanly in Word and LibreOffice.

As deps.md §8 found necessary: the font is named "TH SarabunIT๙" (what government PCs have;
servers alias it to Sarabun with fontconfig) for every script including complex script (w:cs),
with the complex-script size (w:szCs) and Thai as the bidi language; single line spacing with no
space after paragraphs; tables with the PDF's content-fitted column widths, each one table with a
repeated header row (w:tblHeader) and no forced page break, so it reflows when edited; page
numbers "- ๒ -" from page 2 (a PAGE field in the header, ThaiArabic). Sizes are the rules' nominal
16/20/29 pt: where TH SarabunIT๙ is missing, LibreOffice finds the metric-matched Sarabun through
the fontconfig alias of `render/fonts.py`. Typed text is written as plain runs: a field code typed
in a field stays text (the only field is the header's page number).
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from prongsai.documents.content import DocumentContent, Heading, Memo, Paragraph, Table
from prongsai.documents.layout import prepare

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
    paragraph = container.add_paragraph()  # single spacing, no space after: the Normal style's
    fmt = paragraph.paragraph_format
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
    run._r.insert(0, deepcopy(_run_properties(size, bold)))  # what `_font` sets, made once
    return run


@lru_cache(maxsize=32)
def _run_properties(size: int, bold: bool):
    """A run's w:rPr as `_font` writes it, built once per size and weight and copied per run."""
    paragraph = DocxDocument().add_paragraph()
    run = paragraph.add_run("")
    _font(run, size, bold)
    return run._r.rPr


def _setup(doc) -> None:
    section = doc.sections[0]
    _page(section, landscape=False)
    section.top_margin = Cm(1.5)  # the memo's Garuda sits 1.5 cm from the top edge
    section.different_first_page_header_footer = True  # no number on page 1
    _page_number(section)
    normal = doc.styles["Normal"]
    _font(normal)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.space_after = Pt(0)


def _page(section, landscape: bool) -> None:
    """A4 with the official margins: 3 cm left, 2 cm right, top and bottom."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Cm(21), Cm(29.7)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = Cm(1)


def _page_number(section) -> None:
    """"- ๒ -" centred at the top from page 2: a PAGE field in Thai digits (ThaiArabic)."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "- ")
    begin, code, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE \\* ThaiArabic "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, end):
        run = _run(paragraph, "")
        run._r.append(element)
    _run(paragraph, " -")


def _labelled(doc, parts: list[tuple[str, str]]) -> None:
    """Bold labels at 20 pt, each value followed by a dotted leader to its tab stop."""
    paragraph = _para(doc)
    stops = paragraph.paragraph_format.tab_stops
    width = 16.0
    for i, (label, value) in enumerate(parts):
        _run(paragraph, (" " if i else "") + label, size=20, bold=True)
        _run(paragraph, " " + value + "\t")
        last = i == len(parts) - 1  # the dots of the last value run to the right margin
        align = WD_TAB_ALIGNMENT.RIGHT if last else WD_TAB_ALIGNMENT.LEFT
        stops.add_tab_stop(Cm(width * (i + 1) / len(parts)), align, WD_TAB_LEADER.DOTS)


def _signatory(doc, name: str, position: str, left_cm: float) -> None:
    """(name) and position, with 1.6 cm of blank paper above the name to sign in."""
    p = _para(doc, f"({name})", align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=left_cm)
    p.paragraph_format.space_before = Cm(1.6)
    p.paragraph_format.keep_with_next = True
    below = _para(doc, position, align=WD_ALIGN_PARAGRAPH.CENTER, left_cm=left_cm)
    below.paragraph_format.keep_with_next = True


def _memo(doc, memo: Memo) -> None:
    head = _para(doc)
    head.paragraph_format.tab_stops.add_tab_stop(Cm(8), WD_TAB_ALIGNMENT.CENTER)
    if memo.emblem_path and Path(memo.emblem_path).exists():
        head.add_run().add_picture(memo.emblem_path, height=Cm(1.5))
    else:
        _run(head, "[ตราครุฑ]", size=10)
    _run(head, "\t")
    _run(head, "บันทึกข้อความ", size=29, bold=True)
    _labelled(doc, [("ส่วนราชการ", memo.department)])
    _labelled(doc, [("ที่", memo.reference), ("วันที่", memo.date)])
    _labelled(doc, [("เรื่อง", memo.subject)])
    _para(doc, f"เรียน {memo.to}").paragraph_format.space_before = Pt(6)
    if memo.attachments:
        _para(doc, "สิ่งที่แนบมาด้วย " + ", ".join(memo.attachments))
    for section in memo.sections:
        heading = _para(doc, section.heading, bold=True)
        heading.paragraph_format.keep_with_next = True
        for text in section.paragraphs:
            _para(doc, text, indent_cm=2.5)
    _para(doc, memo.closing, indent_cm=2.5)
    _signatory(doc, memo.signer_name, memo.signer_position, left_cm=6)
    for block in memo.approvals:
        first = _para(doc, "ข้อเสนอแนะ", left_cm=6)
        first.paragraph_format.space_before = Pt(8)
        first.paragraph_format.keep_with_next = True
        _para(doc, block.suggestion or "." * 60, left_cm=6).paragraph_format.keep_with_next = True
        _signatory(doc, block.name, block.position, left_cm=6)
        _para(doc, block.date or "วันที่ ........................", left_cm=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    if memo.seal_note:  # the final files: approved electronically, and where to verify it
        _para(doc)
        _para(doc, memo.seal_note, size=SIZE - 2)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cell(cell, lines, *, bold: bool = False, center: bool = False, keep: bool = False) -> None:
    first = cell.paragraphs[0]
    for i, line in enumerate(lines or ("",)):
        paragraph = first if i == 0 else cell.add_paragraph()  # spacing: the Normal style's
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            _run(paragraph, line, bold=bold)


def _table(doc, block: Table) -> None:
    """One table however long: Word and LibreOffice break it between rows and repeat the header."""
    table = doc.add_table(rows=1 if block.header else 0, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, col in enumerate(block.columns):
        table.columns[j].width = Cm(col.width_cm)
    if block.header:
        for j, col in enumerate(block.columns):
            _cell(table.rows[0].cells[j], (col.title,), bold=True, center=True)
        _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        if row.group:  # a group heading stays with the row after it
            merged = cells[0].merge(cells[-1])
            _cell(merged, (" ".join(row.cells[0]),), bold=True, keep=True)
        else:
            for j, (lines, col) in enumerate(zip(row.cells, block.columns, strict=False)):
                _cell(cells[j], lines, center=col.center)
    widths = [Cm(col.width_cm) for col in block.columns]
    for row in table.rows:  # Word reads widths from the cells, LibreOffice from the grid
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _attachment(doc, blocks) -> None:
    """A new section per orientation; headings keep with what follows; no forced page breaks."""
    landscape = None
    for block in prepare(blocks):
        wants = isinstance(block, Table) and block.landscape
        if wants != landscape:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(section, wants)
            section.different_first_page_header_footer = False
            landscape = wants
        if isinstance(block, Heading):
            for line in block.text.split("\n"):
                p = _para(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER if block.center else None)
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            _para(doc, block.text, indent_cm=2.5 if block.indent else 0)
        else:
            _table(doc, block)
            _para(doc, size=8)  # Word needs a paragraph between two tables


def render_docx(content: DocumentContent, out: Path) -> Path:
    doc = DocxDocument()
    _setup(doc)
    if hasattr(content.memo, "write_docx"):  # an order, announcement or letter (kinds.Issued)
        content.memo.write_docx(doc)
    else:
        _memo(doc, content.memo)
    for attachment in content.attachments:
        _attachment(doc, attachment.blocks)
    doc.save(str(out))
    return out
