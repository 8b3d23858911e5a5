"""The DOCX layout of orders, announcements and external letters (`kinds.Issued`).

`render/docx.py` sets up the page and fonts and calls `write` for content that is not a memo;
the paragraphs are made with its helpers, so the font, sizes and spacing are the memo's. Layout
after the correspondence rules: Garuda 3 cm high, centred; a letter's ที่ at the left and the
office's address at the right of the same lines; the signature centred in the right half, with
room to sign above the printed name.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from prongsai.documents.render import docx as base

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
SIGNATURE_LEFT_CM = 7.5  # the signature block's left edge: centred in the right half of 16 cm


def _emblem(doc, path: str) -> None:
    head = base._para(doc, align=CENTER)
    if path and Path(path).exists():
        head.add_run().add_picture(path, height=Cm(3))
    else:
        base._run(head, "[ตราครุฑ]", size=10)


def _signature(doc, issued) -> None:
    block = issued.signer
    for _blank in range(3):  # room to sign: at least 1.5 cm above the printed name
        base._para(doc).paragraph_format.keep_with_next = True
    lines = [f"({block.name})" if block else "(........................)", block.position if block else ""]
    for n, line in enumerate(lines):
        p = base._para(doc, line, align=CENTER, left_cm=SIGNATURE_LEFT_CM)
        p.paragraph_format.keep_with_next = n < len(lines) - 1


def _body(doc, issued) -> None:
    for text in issued.paragraphs:
        base._para(doc, text, indent_cm=2.5)
    if issued.closing:
        base._para(doc, issued.closing, indent_cm=2.5)


def _order(doc, issued) -> None:
    _emblem(doc, issued.emblem_path)
    base._para(doc, issued.title, bold=True, align=CENTER)
    if issued.kind == "order":
        base._para(doc, f"ที่ {issued.reference}", bold=True, align=CENTER)
    base._para(doc, f"เรื่อง {issued.subject}", bold=True, align=CENTER)
    base._para(doc, "-" * 20, align=CENTER)
    _body(doc, issued)
    base._para(doc)
    base._para(doc, issued.signed_line, indent_cm=4.5)
    _signature(doc, issued)


def _letter(doc, issued) -> None:
    first = base._para(doc)
    first.paragraph_format.tab_stops.add_tab_stop(Cm(10))
    base._run(first, f"ที่ {issued.reference}")
    picture = first.add_run("\t")
    if issued.emblem_path and Path(issued.emblem_path).exists():
        picture.add_picture(issued.emblem_path, height=Cm(3))
    else:
        base._run(first, "[ตราครุฑ]", size=10)
    for line in issued.address:
        base._para(doc, line, left_cm=10)
    base._para(doc)
    base._para(doc, issued.date, left_cm=7.5)
    base._para(doc, f"เรื่อง {issued.subject}")
    base._para(doc, f"เรียน {issued.to}")
    if issued.refers_to:
        base._para(doc, f"อ้างถึง {issued.refers_to}")
    for n, line in enumerate(issued.enclosures):
        base._para(doc, ("สิ่งที่ส่งมาด้วย " if n == 0 else "") + line, left_cm=0 if n == 0 else 2.5)
    _body(doc, issued)
    base._para(doc)
    regards = base._para(doc, "ขอแสดงความนับถือ", align=CENTER, left_cm=SIGNATURE_LEFT_CM)
    regards.paragraph_format.keep_with_next = True
    _signature(doc, issued)
    base._para(doc)
    for line in issued.contact:
        base._para(doc, line)


def write(doc, issued) -> None:
    (_letter if issued.kind == "letter" else _order)(doc, issued)
    if issued.seal_note:
        base._para(doc)
        base._para(doc, issued.seal_note, size=12)
