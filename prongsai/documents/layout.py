"""Type sizes, line breaking, column widths and pages of a printed document, the same for PDF and DOCX.

**Type size.** The correspondence rules set body text in TH SarabunPSK / TH SarabunIT๙ 16 pt. The
font we ship (Google's Sarabun, OFL) is drawn larger at the same nominal size. The seed's
attachment has a line that fitted the 16 cm text width of the original, printed in TH SarabunIT๙
16 pt (`SEED_LINE`); shaped in Sarabun 16 pt it measures 22.53 cm (HarfBuzz through Pillow/raqm,
and the same in Chromium). So Sarabun at 16 × 16 / 22.53 = 11.36 pt sets that line in 16 cm:
`SCALE` = 22.53 / 16 ≈ 1.41, and every size of the rules (16 pt body, 20 pt labels, 29 pt
heading) is printed at size / `SCALE` (`pt`). `test_layout.py` measures the line again.
The DOCX keeps the rules' nominal sizes and names TH SarabunIT๙; where that font is missing,
`render/fonts.py` gives LibreOffice a copy of Sarabun scaled by the same factor under a fontconfig
alias, so both outputs break lines alike.

**Lines and pages.** A line breaks between pythainlp words (`text.words`), measured with the
font's real advances (Pillow's HarfBuzz shaping, cached per word). Attachments are split into A4
pages here rather than by Chromium or Word, so the PDF can print "(ต่อ)" and the header again on a
table's next page; a group row (IIT/EIT/OIT) or a heading never ends a page. Column widths fit
their content (the automatic table layout of CSS 2.1: each column gets its longest word, and the
rest of the width in proportion to its natural width), so the steps column is the widest; a
table whose words cannot fit 16 cm is printed on a landscape page.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from prongsai.documents.content import Block, Heading, Paragraph, Row, Table
from prongsai.documents.text import words

FONTS = Path(__file__).resolve().parent.parent / "core" / "static" / "core" / "fonts"
SEED_LINE = "การประเมิน ITA ในปีงบประมาณ พ.ศ.๒๕๖๔ ของเทศบาลตำบลบ่อพลอย พบว่า มีผลคะแนน ๗๙.๕๘"
SEED_LINE_SARABUN_16PT_CM = 22.53  # measured; the original printed it within 16 cm
SCALE = 1.41  # 22.53 / 16 = 1.408, rounded up so the line fits
LINE_HEIGHT = 1.3  # Sarabun's own ascent + descent (1068 + 232 per 1000): single spacing
PT_CM = 2.54 / 72

PORTRAIT_CM = (16.0, 25.7)  # A4 less the margins: 3 cm left, 2 cm right, 2 cm top and bottom
LANDSCAPE_CM = (24.7, 17.0)
FILL = 0.97  # use at most this share of a page's height: the estimate may be a little short
CELL_PADDING_CM = 0.3 + 0.05  # 0.15 cm each side, and the rules
ROW_EXTRA_CM = 0.05
BLOCK_GAP_CM = 0.2


def pt(nominal: float) -> float:
    """The Sarabun size that prints as TH SarabunIT๙ at `nominal` points."""
    return round(nominal / SCALE, 2)


BODY_PT = pt(16)
LINE_CM = BODY_PT * LINE_HEIGHT * PT_CM  # ≈ 0.52 cm


@lru_cache(maxsize=2)
def _font(bold: bool):
    from PIL import ImageFont

    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), 1000, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=65536)
def _em(piece: str, bold: bool) -> float:
    return _font(bold).getlength(piece.replace("\u00a0", " ")) / 1000


def width_cm(text: str, size_pt: float = BODY_PT, bold: bool = False) -> float:
    """The printed width of one line of `text`."""
    return sum(_em(w, bold) for w in words(text)) * size_pt * PT_CM


def lines_of(
    text: str, width: float, size_pt: float = BODY_PT, bold: bool = False, indent: float = 0.0
) -> int:
    """How many lines `text` takes in a box `width` cm wide, breaking between words."""
    total = 0
    for line in text.split("\n"):
        count, used, room = 1, 0.0, width - indent
        for piece in words(line):
            w = _em(piece, bold) * size_pt * PT_CM
            fit = w - (_em(piece[-1], bold) * size_pt * PT_CM if piece[-1:].isspace() else 0.0)
            if used and used + fit > room:
                count, used, room = count + 1, 0.0, width
            if fit > room:  # a word wider than the box breaks inside itself
                count += math.ceil(fit / room) - 1
                used = fit % room
            else:
                used += w
        total += count
    return total


# --- column widths ------------------------------------------------------------------------


def _cell_texts(table: Table, j: int) -> list[str]:
    texts = [table.columns[j].title] if table.header else []
    for row in table.rows:
        if not row.group and j < len(row.cells):
            texts.extend(row.cells[j])
    return texts


def _min_max(table: Table, j: int) -> tuple[float, float]:
    texts = _cell_texts(table, j)
    title = table.columns[j].title
    longest_word = max(
        (_em(w.rstrip(), t == title) * BODY_PT * PT_CM for t in texts for w in words(t)), default=0.0
    )
    natural = max((width_cm(t, bold=t == title) for t in texts), default=0.0)
    return longest_word + CELL_PADDING_CM, natural + CELL_PADDING_CM


def _column_lines(table: Table, j: int, width: float) -> list[int]:
    """Lines each row takes in column `j` at `width` cm (the header row first)."""
    inner = width - CELL_PADDING_CM
    counts = [lines_of(table.columns[j].title, inner, bold=True) if table.header else 0]
    for row in table.rows:
        cell = row.cells[j] if not row.group and j < len(row.cells) else ()
        counts.append(sum(lines_of(part, inner) for part in cell) if cell else 0)
    return counts


def _height(columns: list[list[int]]) -> int:
    return sum(max(row) for row in zip(*columns, strict=True))


def fit_columns(table: Table, width: float, step: float = 0.2) -> Table:
    """Column widths from content, filling `width` cm: the table as short as it can be.

    Every column starts at its longest word; the rest of the width is handed out `step` cm at a
    time to the column whose widening saves the most lines (ties: the one with most text), so
    the steps column, which holds most of the words, comes out widest.
    """
    n = len(table.columns)
    widths = [_min_max(table, j)[0] for j in range(n)]
    if sum(widths) >= width:
        widths = [w * width / sum(widths) for w in widths]
    else:
        natural = [_min_max(table, j)[1] for j in range(n)]
        lines = [_column_lines(table, j, widths[j]) for j in range(n)]
        spare = width - sum(widths)
        while spare > 1e-6:
            grow = min(step, spare)
            best, best_gain, best_lines = None, -1.0, None
            for j in range(n):
                if widths[j] >= natural[j]:
                    continue  # already on one line everywhere
                trial = _column_lines(table, j, widths[j] + grow)
                gain = _height(lines) - _height([*lines[:j], trial, *lines[j + 1 :]]) + sum(lines[j]) * 1e-4
                if gain > best_gain:
                    best, best_gain, best_lines = j, gain, trial
            if best is None:  # every column is on one line: spread the rest in proportion
                widths = [w + spare * w / sum(widths) for w in widths]
                break
            widths[best] += grow
            lines[best] = best_lines
            spare -= grow
    columns = tuple(replace(c, width_cm=round(w, 2)) for c, w in zip(table.columns, widths, strict=True))
    return replace(table, columns=columns)


def needs_landscape(table: Table) -> bool:
    """True when the table's longest words alone are wider than a portrait page."""
    return sum(_min_max(table, j)[0] for j in range(len(table.columns))) > PORTRAIT_CM[0]


# --- heights and pages --------------------------------------------------------------------


def row_height(row: Row, table: Table) -> float:
    width = sum(c.width_cm for c in table.columns)
    if row.group:
        return LINE_CM * lines_of(" ".join(row.cells[0]), width - CELL_PADDING_CM, bold=True) + ROW_EXTRA_CM
    lines = [
        sum(lines_of(part, col.width_cm - CELL_PADDING_CM) for part in cell)
        for cell, col in zip(row.cells, table.columns, strict=False)
    ]
    return LINE_CM * max(lines, default=1) + ROW_EXTRA_CM


def header_height(table: Table) -> float:
    if not table.header:
        return 0.0
    tallest = max(lines_of(c.title, c.width_cm - CELL_PADDING_CM, bold=True) for c in table.columns)
    return LINE_CM * tallest + ROW_EXTRA_CM


def block_height(block: Block, width: float) -> float:
    if isinstance(block, Table):
        return header_height(block) + sum(row_height(r, block) for r in block.rows) + BLOCK_GAP_CM
    indent = 2.5 if isinstance(block, Paragraph) and block.indent else 0.0
    bold = isinstance(block, Heading)
    return LINE_CM * lines_of(block.text, width, bold=bold, indent=indent) + (BLOCK_GAP_CM if bold else 0.0)


def prepare(blocks) -> list[Block]:
    """Tables with widths fitted to their content, landscape where they need it."""
    return list(_prepared(tuple(blocks)))


def paginate(blocks: tuple[Block, ...] | list[Block]) -> list[list[Block]]:
    """Pages of blocks; a table that does not fit is split, its later parts marked `continued`.

    A landscape table starts its own landscape pages, and what follows it starts a portrait page.
    Both outputs and every render of the same content share one computation (keyed by the
    content itself, which is frozen data).
    """
    return [list(page) for page in _paginated(tuple(blocks))]


@lru_cache(maxsize=64)
def _prepared(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    prepared = []
    for block in blocks:
        if isinstance(block, Table):
            landscape = block.landscape or needs_landscape(block)
            width = (LANDSCAPE_CM if landscape else PORTRAIT_CM)[0]
            block = fit_columns(replace(block, landscape=landscape), width)
        prepared.append(block)
    return tuple(prepared)


@lru_cache(maxsize=64)
def _paginated(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], ...]:
    pages: list[list[Block]] = [[]]
    used = 0.0
    orientation = False  # landscape?

    def new_page(landscape: bool) -> None:
        nonlocal used, orientation
        if pages[-1]:
            pages.append([])
        used, orientation = 0.0, landscape

    for block in prepare(blocks):
        landscape = isinstance(block, Table) and block.landscape
        if landscape != orientation:
            carried = [pages[-1].pop()] if pages[-1] and isinstance(pages[-1][-1], Heading) else []
            new_page(landscape)
            pages[-1].extend(carried)  # a heading goes with its table onto the new page
            used = sum(block_height(b, (LANDSCAPE_CM if landscape else PORTRAIT_CM)[0]) for b in carried)
        width, height = LANDSCAPE_CM if orientation else PORTRAIT_CM
        budget = height * FILL
        if not isinstance(block, Table):
            size = block_height(block, width)
            if used + size > budget and pages[-1]:
                new_page(orientation)
            pages[-1].append(block)
            used += size
            continue
        rows: list[Row] = []
        continued = False
        used += header_height(block) + BLOCK_GAP_CM
        queue = list(block.rows)
        while queue:
            row = queue.pop(0)
            size = row_height(row, block)
            if used + size > budget and (rows or pages[-1]):
                head, tail = split_row(row, block, budget - used)
                if head is not None:  # the row's first lines end this page, the rest goes on
                    rows.append(head)
                    queue.insert(0, tail)
                    row = None
                carried = []
                while rows and rows[-1].group:  # a group heading never ends a page
                    carried.insert(0, rows.pop())
                if rows:  # the rest of the table continues on the next page, after "(ต่อ)"
                    pages[-1].append(replace(block, rows=tuple(rows), continued=continued))
                    continued = True
                new_page(orientation)
                rows = carried
                used = header_height(block) + LINE_CM + BLOCK_GAP_CM + sum(row_height(r, block) for r in rows)
                if row is None:
                    continue
            rows.append(row)
            used += size
        if rows:
            pages[-1].append(replace(block, rows=tuple(rows), continued=continued))
    return tuple(tuple(page) for page in keep_heading_with_next([page for page in pages if page]))


def split_row(row: Row, table: Table, room: float) -> tuple[Row | None, Row | None]:
    """The row cut between the lines of its tallest cell so its first part fills `room` cm.

    Only rows of several lines (steps) are cut, and only when at least three lines fit: the other
    cells print in the first part, the continuation carries the rest of the tall cell.
    """
    if row.group or room < LINE_CM * 3 + ROW_EXTRA_CM:
        return None, None
    tallest = max(range(len(row.cells)), key=lambda j: len(row.cells[j]))
    cell = row.cells[tallest]
    for k in range(len(cell) - 1, 0, -1):
        head = Row(tuple(cell[:k] if j == tallest else c for j, c in enumerate(row.cells)))
        if row_height(head, table) <= room:
            tail = Row(tuple(cell[k:] if j == tallest else () for j in range(len(row.cells))))
            return head, tail
    return None, None


def keep_heading_with_next(pages: list[list[Block]]) -> list[list[Block]]:
    """A heading left alone at the foot of a page moves to the next one."""
    for i in range(len(pages) - 1):
        if len(pages[i]) > 1 and isinstance(pages[i][-1], Heading):
            pages[i + 1].insert(0, pages[i].pop())
    return pages


def is_landscape(page: list[Block]) -> bool:
    return any(isinstance(b, Table) and b.landscape for b in page)


# --- the emblem ---------------------------------------------------------------------------


def emblem_missing(organisation) -> bool:
    """True while the organisation has no Garuda artwork on file (or its file is gone).

    A draft prints a placeholder box; a final document is never issued with one, so the workflow
    refuses the last approval while this is true.
    """
    from django.core.files.storage import default_storage

    from prongsai.documents.models import DocumentSettings

    name = DocumentSettings.objects.for_org(organisation).values_list("emblem", flat=True).first()
    return not name or not default_storage.exists(name)
