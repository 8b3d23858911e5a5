"""Pages of the order, the announcement and the external letter against kept reference images.

The content is fixed here (no database, no clock), so the pages change only when the layout does.
References are regenerated on purpose, after looking at the pages:
`REGENERATE_REFERENCES=1 .venv/bin/python -m pytest prongsai/documents/tests/test_kinds_golden.py`.
"""

from __future__ import annotations

import shutil

import pytest

from prongsai.documents import kinds
from prongsai.documents import text as t
from prongsai.documents.content import ApprovalBlock, DocumentContent
from prongsai.documents.demo import emblem_artwork
from prongsai.documents.output import write_files
from prongsai.documents.tests.pdfcheck import compare_with_references, outside_margins, raw_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils"),
]
MAYOR = ApprovalBlock("", t.name("นายชัยเชษฐ พัฒนะพิชัย"), "นายกเทศมนตรีตำบลบ่อพลอย", t.official("๒ ธันวาคม ๒๕๖๙"))
BODY = (
    "เพื่อให้การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเทศบาลตำบลบ่อพลอยเป็นไปด้วยความเรียบร้อย "
    "มีประสิทธิภาพ และเป็นไปตามแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
    "อาศัยอำนาจตามความในมาตรา ๔๘ เตรส แห่งพระราชบัญญัติเทศบาล พ.ศ. ๒๔๙๖ จึงแต่งตั้งให้ "
    "นางสาวพอลาณ คนตรง หัวหน้าสำนักปลัดเทศบาล เป็นหัวหน้าศูนย์รับเรื่องร้องเรียนการทุจริต "
    "และนางณภัทร ฤกษ์วิจิตร นักวิเคราะห์นโยบายและแผน เป็นเจ้าหน้าที่ศูนย์",
)


def issued(kind: str, emblem: str) -> DocumentContent:
    letter = kind == kinds.LETTER
    return DocumentContent(kinds.Issued(
        kind=kind, title="" if letter else f"{kinds.KINDS[kind].name_th}เทศบาลตำบลบ่อพลอย",
        reference=t.official("กจ ๕๓๐๐๑/๑๒" if letter else "๓/๒๕๖๙"), date=t.official("๒ ธันวาคม ๒๕๖๙"),
        subject="แต่งตั้งเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        to="นายอำเภอบ่อพลอย" if letter else "", refers_to="หนังสืออำเภอบ่อพลอย ที่ กจ ๐๐๑๘/๑๒ ลงวันที่ ๑ ธันวาคม ๒๕๖๙"
        if letter else "", enclosures=("สำเนาคำสั่ง จำนวน ๑ ฉบับ",) if letter else (),
        paragraphs=tuple(t.official(p) for p in BODY), closing=kinds.KINDS[kind].closing,
        address=("เทศบาลตำบลบ่อพลอย", "ถนนบ่อพลอย-หนองปรือ", "กาญจนบุรี ๗๑๑๖๐") if letter else (),
        contact=("สำนักปลัดเทศบาล", t.official("โทร. ๐ ๓๔๕๘ ๑๒๓๔")) if letter else (),
        approvals=(MAYOR,), emblem_path=emblem,
    ))  # fmt: skip


@pytest.mark.parametrize("kind", [kinds.ORDER, kinds.ANNOUNCEMENT, kinds.LETTER])
def test_each_kind_prints_one_page_within_its_margins_like_its_reference(tmp_path, kind):
    emblem = tmp_path / "emblem.png"
    emblem.write_bytes(emblem_artwork())
    written = write_files(issued(kind, str(emblem)), tmp_path, kind)
    pdf = tmp_path / f"{kind}.pdf"
    assert written["pages"] == 1
    assert outside_margins(pdf, top=1.0) == []
    text = "".join(raw_text(pdf).split())
    assert "นายชัยเชษฐพัฒนะพิชัย" in text and "ศูนย์รับเรื่องร้องเรียน" in text
    assert compare_with_references(pdf, f"kind-{kind}") == []
