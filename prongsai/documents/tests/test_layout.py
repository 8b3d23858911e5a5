"""Type size, line breaking, column widths and pages (layout.py), measured as printed."""

import shutil
from pathlib import Path
from unittest import TestCase

import pytest

from prongsai.documents import layout
from prongsai.documents.content import Column, Heading, Row, Table
from prongsai.documents.layout import SEED_LINE, paginate
from prongsai.documents.render.html import CSS, _fonts_css, _sizes_css, html_to_pdf
from prongsai.documents.tests import pdfcheck
from prongsai.documents.text import official

COLUMNS = (Column("มาตรการ/แนวทาง", 4.0), Column("วิธีการดำเนินการ", 12.0))
needs_chromium = pytest.mark.skipif(
    not (Path("/usr/lib/chromium/chromium").exists() and shutil.which("pdftotext")),
    reason="Chromium or poppler-utils is not installed",
)


def table(n: int) -> Table:
    return Table(
        COLUMNS, tuple(Row(((f"มาตรการที่ {i}",), ("จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ",))) for i in range(n))
    )


class PaginateTests(TestCase):
    def test_a_short_table_stays_on_one_page(self):
        pages = paginate([Heading("หัวเรื่อง"), table(3)])
        self.assertEqual(len(pages), 1)
        self.assertFalse(pages[0][1].continued)

    def test_a_200_row_table_is_split_and_later_parts_are_marked_continued(self):
        pages = paginate([Heading("หัวเรื่อง"), table(200)])
        parts = [b for page in pages for b in page if isinstance(b, Table)]
        self.assertGreaterEqual(len(pages), 4)
        self.assertEqual(sum(len(p.rows) for p in parts), 200)  # no row lost or repeated
        self.assertFalse(parts[0].continued)
        self.assertTrue(all(p.continued for p in parts[1:]))
        self.assertEqual(len(parts), len(pages))  # one part per page

    def test_a_group_heading_never_ends_a_page(self):
        rows = []
        for g in range(12):
            rows.append(Row((("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",),), group=True))
            rows += [Row(((f"ตัวชี้วัด {g}.{i}",), ("ข้อความ " * 40,))) for i in range(3)]
        parts = [b for page in paginate([Table(COLUMNS, tuple(rows))]) for b in page]
        self.assertGreater(len(parts), 1)
        self.assertTrue(all(not part.rows[-1].group for part in parts))
        self.assertEqual(sum(len(p.rows) for p in parts), len(rows))

    def test_a_heading_left_at_the_foot_of_a_page_moves_to_the_next(self):
        pages = paginate([table(38), Heading("๒. ข้อเสนอแนะ"), table(5)])
        for page in pages[:-1]:
            self.assertNotIsInstance(page[-1], Heading)

    def test_a_row_taller_than_what_is_left_of_a_page_is_cut_between_its_steps(self):
        steps = tuple(f"{n}.จัดทำคู่มือการใช้ทรัพย์สินของทางราชการและเผยแพร่" for n in range(1, 60))
        tall = Table(COLUMNS, (Row((("มาตรการ",), ("สั้น",))), Row((("มาตรการยาว",), steps))))
        parts = [b for page in paginate([tall]) for b in page]
        self.assertGreater(len(parts), 1)
        self.assertEqual(sum(len(r.cells[1]) for p in parts for r in p.rows), len(steps) + 1)


class ColumnTests(TestCase):
    def test_the_steps_column_comes_out_widest_and_the_table_fills_the_page(self):
        from prongsai.documents.demo import seed_attachment

        measures = layout.prepare(seed_attachment().blocks)[-1]
        widths = [c.width_cm for c in measures.columns]
        self.assertEqual(max(widths), widths[1], widths)  # วิธีการดำเนินการ
        self.assertAlmostEqual(sum(widths), 16.0, delta=0.05)
        self.assertFalse(measures.landscape)

    def test_a_score_with_its_unit_fits_its_cell_whole(self):
        label = official("๑. การปฏิบัติหน้าที่ 85.59 คะแนน")
        fitted = layout.fit_columns(Table((Column("ตัวชี้วัด"), Column("ประเด็น")), (
            Row(((label,), ("ข้อความยาว " * 80,))),)), 16.0)  # fmt: skip
        score = layout.width_cm(official("85.59 คะแนน"))
        self.assertGreater(fitted.columns[0].width_cm - layout.CELL_PADDING_CM, score)

    def test_a_table_whose_words_cannot_fit_sixteen_centimetres_goes_landscape(self):
        wide = Table(tuple(Column(f"หัวข้อที่{n}ของตารางกว้าง") for n in range(9)),
                     (Row(tuple(("ประชาสัมพันธ์ประชาสัมพันธ์",) for _ in range(9))),))  # fmt: skip
        prepared = layout.prepare([wide])[0]
        self.assertTrue(prepared.landscape)
        self.assertAlmostEqual(sum(c.width_cm for c in prepared.columns), layout.LANDSCAPE_CM[0], delta=0.05)


class TypeSizeTests(TestCase):
    def test_the_size_is_the_rules_size_over_the_measured_ratio(self):
        ratio = layout.width_cm(SEED_LINE, 16) / 16.0  # the line's width at 16 pt over its 16 cm
        self.assertAlmostEqual(ratio, 1.408, delta=0.01)
        self.assertGreaterEqual(layout.SCALE, ratio)
        self.assertAlmostEqual(layout.BODY_PT, 16 / layout.SCALE, delta=0.01)


@needs_chromium
def test_the_seed_line_that_fitted_16_cm_prints_within_16_cm(tmp_path):
    """Printed by Chromium at the body size: as wide as in the original, not 22.5 cm.

    The nominal 16 pt line is printed at 8 pt and doubled: wider than the page, it would make
    Chromium shrink the whole page to fit.
    """
    (tmp_path / "extra.css").write_text(_fonts_css() + "\n" + _sizes_css(), encoding="utf-8")
    html = tmp_path / "line.html"
    html.write_text(
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{CSS.as_uri()}">'
        f'<link rel="stylesheet" href="{(tmp_path / "extra.css").as_uri()}"></head><body>'
        f'<p class="nowrap-line">{SEED_LINE}</p><p class="big-line">{SEED_LINE}</p></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "extra.css").write_text(
        (tmp_path / "extra.css").read_text() + "\n.nowrap-line, .big-line { white-space: nowrap; }"
        "\n.big-line { font-size: 8pt; }", encoding="utf-8",
    )  # fmt: skip
    pdf = html_to_pdf(html, tmp_path / "line.pdf")
    words = pdfcheck.pages(pdf)[0].words
    lines: dict[float, list] = {}
    for w in words:
        lines.setdefault(round(w.y1), []).append(w)
    widths = sorted((max(w.x1 for w in ws) - min(w.x0 for w in ws)) / pdfcheck.CM for ws in lines.values())
    assert len(widths) == 2
    assert 15.5 <= widths[1] <= 16.0  # body size: the line fills its 16 cm, as in the original
    assert 22.0 <= 2 * widths[0] <= 23.0  # Sarabun at a nominal 16 pt (8 pt × 2): the 22.5 cm
