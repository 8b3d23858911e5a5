"""Writing a document's DOCX and PDF, to a folder (command, bench) or to the document's files (job)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from prongsai.documents.content import DocumentContent
from prongsai.documents.measures import content_of
from prongsai.documents.models import Document
from prongsai.documents.render.docx import render_docx
from prongsai.documents.render.html import RenderError, page_count, render_pdf


def write_files(content: DocumentContent, out_dir: Path, stem: str, keep_docx: bool = False) -> dict:
    """Both files. The DOCX needs no browser and is written first; with `keep_docx` a PDF that
    cannot be made is reported in the result (`pdf_error`) instead of raised."""
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    docx = render_docx(content, out_dir / f"{stem}.docx")
    docx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    try:
        pdf = render_pdf(content, out_dir / f"{stem}.pdf")
    except RenderError as exc:
        if not keep_docx:
            raise
        return {"docx": str(docx), "pdf": None, "pdf_error": str(exc), "pages": None,
                "seconds": {"docx": round(docx_seconds, 3)}}  # fmt: skip
    pdf_seconds = time.perf_counter() - started
    return {
        "docx": str(docx),
        "pdf": str(pdf),
        "pages": page_count(pdf),
        "seconds": {"docx": round(docx_seconds, 3), "pdf": round(pdf_seconds, 3)},
    }


def file_stem(document: Document) -> str:
    return f"{document.document_type.code}-{document.fiscal_year}-v{document.version}"


def _store(path: str | None, name: str) -> str:
    if not path:
        return ""
    with open(path, "rb") as fh:
        return default_storage.save(name, File(fh))


def render_document(document: Document) -> dict:
    """Render and store both files on the document (the background job calls this).

    Without a working PDF renderer the DOCX is still stored, and the job then fails with the
    renderer's Thai and English message, which the document's page shows.
    """
    with tempfile.TemporaryDirectory(prefix="prongsai-render-") as tmp:
        stem = file_stem(document)
        result = write_files(content_of(document), Path(tmp), stem, keep_docx=True)
        for field in ("docx", "pdf"):
            old = getattr(document, field)
            if old:
                default_storage.delete(old)
            name = f"documents/{document.organisation_id}/{stem}.{field}"
            setattr(document, field, _store(result[field], name))
    document.page_count = result["pages"] or 0
    document.rendered_at = timezone.now()
    document.save()
    if result.get("pdf_error"):
        raise RenderError(result["pdf_error"])
    return {"pages": result["pages"], "seconds": result["seconds"]}
