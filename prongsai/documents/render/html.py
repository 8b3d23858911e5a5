"""The memo as HTML, printed to PDF by headless Chromium (the process's warm browser, `browser.py`).

Chromium, not WeasyPrint: WeasyPrint maps the glyph shared by ำ and า to one character, so the
PDF's text layer reads สำนัก as สานัก (deps.md §5); Chromium's text layer extracts correctly.
Typed text is escaped by the template engine, so HTML in a field prints as text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.template.loader import render_to_string

from prongsai.documents.content import DocumentContent, Heading, Paragraph, Table
from prongsai.documents.layout import is_landscape, paginate, pt
from prongsai.documents.render.browser import RenderError, warm_browser

HERE = Path(__file__).resolve().parent.parent
FONTS = HERE.parent / "core" / "static" / "core" / "fonts"
CSS = HERE / "static" / "documents" / "print.css"
CHROMIUM_TIMEOUT = 60


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")


def _block_view(block, key: str) -> dict:
    if isinstance(block, Heading):
        return {"kind": "heading", "block": block}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "block": block}
    rows = [
        {"group": True, "text": " ".join(r.cells[0])}
        if r.group
        else {
            "group": False,
            "cells": [(cell, col.center) for cell, col in zip(r.cells, block.columns, strict=False)],
        }
        for r in block.rows
    ]
    return {"kind": "table", "block": block, "rows": rows, "key": key}


def _sizes_css() -> str:
    """The rules' TH SarabunIT๙ sizes as the Sarabun sizes that print the same (layout.pt)."""
    return f":root {{ --body: {pt(16)}pt; --label: {pt(20)}pt; --title: {pt(29)}pt; }}"


def _fonts_css() -> str:
    faces = [("Regular", "normal"), ("Bold", "bold")]
    return "\n".join(
        f'@font-face {{ font-family: "MemoSarabun"; src: url("{(FONTS / f"Sarabun-{name}.ttf").as_uri()}");'
        f" font-weight: {weight}; }}"
        for name, weight in faces
    )


def _paged(content: DocumentContent) -> tuple[list[list[dict]], str]:
    """Each attachment's pages (blocks and orientation), and the CSS of its tables' column widths."""
    result, rules = [], []
    for a, attachment in enumerate(content.attachments):
        pages = []
        for p, page in enumerate(paginate(attachment.blocks)):
            views = []
            for b, block in enumerate(page):
                key = f"{a}-{p}-{b}"
                if isinstance(block, Table):
                    rules.append(f".t-{key} {{ width: {sum(c.width_cm for c in block.columns):.2f}cm; }}")
                    for c, column in enumerate(block.columns, 1):
                        rules.append(f".w{c}-{key} {{ width: {column.width_cm}cm; }}")
                views.append(_block_view(block, key))
            pages.append({"blocks": views, "landscape": is_landscape(page)})
        result.append(pages)
    return result, "\n".join(rules)


def to_html(content: DocumentContent, workdir: Path) -> Path:
    """Write the document as an HTML file (plus its style sheet) in `workdir`."""
    attachments, table_css = _paged(content)
    extra = workdir / "document-extra.css"
    extra.write_text("\n".join((_fonts_css(), _sizes_css(), table_css)), encoding="utf-8")
    emblem = content.memo.emblem_path
    html = render_to_string(
        getattr(content.memo, "template", "documents/print/document.html"),  # kinds.Issued has its own
        {
            "memo": content.memo,
            "attachments": attachments,
            "css_url": CSS.as_uri(),
            "fonts_css_url": extra.as_uri(),
            "emblem_url": Path(emblem).as_uri() if emblem and Path(emblem).exists() else "",
        },
    )
    path = workdir / "document.html"
    path.write_text(html, encoding="utf-8")
    return path


def html_to_pdf(html: Path, out: Path) -> Path:
    binary = chromium_path()
    if not Path(binary).exists():
        raise RenderError(
            f"ไม่พบโปรแกรม Chromium ที่ {binary} / Chromium not found at {binary} (set CHROMIUM_PATH)"
        )
    warm_browser(binary).print_pdf(html, out, CHROMIUM_TIMEOUT)
    if not out.exists() or out.stat().st_size == 0:
        raise RenderError("สร้างไฟล์ PDF ไม่สำเร็จ / the PDF could not be created (empty file)")
    return out


def render_pdf(content: DocumentContent, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="prongsai-doc-") as tmp:
        return html_to_pdf(to_html(content, Path(tmp)), out)


def page_count(pdf: Path) -> int:
    """Pages of a PDF, from pdfinfo (poppler-utils); counted from the file itself if it is absent."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)  # noqa: S603,S607
        for line in info.stdout.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    return pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages")
