"""Splitting an attachment into A4 pages, the same way for the PDF and the DOCX.

The seed's measures table runs onto a second page where it starts with "(ต่อ)" and its header
again; doing the split here (rather than leaving it to Chromium or Word) gives both outputs the
same pages and the marker. Heights are estimated from Sarabun 16 pt metrics: a Thai base letter is
about 0.55 em wide (marks above and below take no width), a line is 1.3 em high. The estimate
leaves a margin so that a page never overflows; a row taller than a page is not split.
"""

from __future__ import annotations

import math
from dataclasses import replace

from prongsai.documents.content import Block, Heading, Paragraph, Row, Table

PAGE_WIDTH_CM = 16.0  # A4 21 cm less the official margins: 3 cm left, 2 cm right
PAGE_HEIGHT_CM = 25.7  # 29.7 cm less 2 cm top and bottom
FILL = 0.96  # use at most this share of a page
LINE_CM = 16 * 1.3 * 2.54 / 72  # 16 pt at line-height 1.3 ≈ 0.73 cm
CHAR_CM = 16 * 0.55 * 2.54 / 72  # ≈ 0.31 cm
CELL_PADDING_CM = 0.3
WORD_WRAP_SLACK = 1.05  # Thai breaks between words, so lines end short of the margin
_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}


def text_lines(text: str, width_cm: float) -> int:
    per_line = max(1.0, (width_cm - CELL_PADDING_CM) / CHAR_CM)
    total = 0
    for line in text.split("\n"):
        letters = sum(ch not in _MARKS for ch in line)
        total += max(1, math.ceil(letters * WORD_WRAP_SLACK / per_line))
    return total


def row_height(row: Row, table: Table) -> float:
    if row.group:
        return LINE_CM * text_lines(" ".join(row.cells[0]), PAGE_WIDTH_CM) + 0.1
    lines = [
        sum(text_lines(part, col.width_cm) for part in cell)
        for cell, col in zip(row.cells, table.columns, strict=False)
    ]
    return LINE_CM * max(lines, default=1) + 0.15


def header_height(table: Table) -> float:
    return LINE_CM * max(text_lines(c.title, c.width_cm) for c in table.columns) + 0.15


def block_height(block: Block) -> float:
    if isinstance(block, Table):
        return header_height(block) + sum(row_height(r, block) for r in block.rows)
    indent = 2.5 if isinstance(block, Paragraph) and block.indent else 0.0
    return LINE_CM * text_lines(" " * int(indent / CHAR_CM) + block.text, PAGE_WIDTH_CM) + 0.1


def paginate(blocks: tuple[Block, ...] | list[Block]) -> list[list[Block]]:
    """Pages of blocks; a table that does not fit is split, its later parts marked `continued`."""
    budget = PAGE_HEIGHT_CM * FILL
    pages: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        if not isinstance(block, Table):
            height = block_height(block)
            if used + height > budget and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(block)
            used += height
            continue
        rows: list[Row] = []
        continued = False
        used += header_height(block)
        for row in block.rows:
            height = row_height(row, block)
            if used + height > budget and (rows or pages[-1]):
                if rows:  # the rest of the table continues on the next page, after "(ต่อ)"
                    pages[-1].append(replace(block, rows=tuple(rows), continued=continued))
                    continued = True
                pages.append([])
                rows, used = [], header_height(block) + (LINE_CM if continued else 0.0)
            rows.append(row)
            used += height
        if rows:
            pages[-1].append(replace(block, rows=tuple(rows), continued=continued))
    return [page for page in pages if page]


def keep_heading_with_next(pages: list[list[Block]]) -> list[list[Block]]:
    """A heading left alone at the foot of a page moves to the next one."""
    for i in range(len(pages) - 1):
        if len(pages[i]) > 1 and isinstance(pages[i][-1], Heading):
            pages[i + 1].insert(0, pages[i].pop())
    return pages
