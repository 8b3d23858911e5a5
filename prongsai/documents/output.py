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
from prongsai.documents.render.html import page_count, render_pdf


def write_files(content: DocumentContent, out_dir: Path, stem: str) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    docx = render_docx(content, out_dir / f"{stem}.docx")
    docx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(content, out_dir / f"{stem}.pdf")
    pdf_seconds = time.perf_counter() - started
    return {
        "docx": str(docx),
        "pdf": str(pdf),
        "pages": page_count(pdf),
        "seconds": {"docx": round(docx_seconds, 3), "pdf": round(pdf_seconds, 3)},
    }


def file_stem(document: Document) -> str:
    return f"{document.document_type.code}-{document.fiscal_year}-v{document.version}"


def render_document(document: Document) -> dict:
    """Render and store both files on the document (the background job calls this)."""
    with tempfile.TemporaryDirectory(prefix="prongsai-render-") as tmp:
        stem = file_stem(document)
        result = write_files(content_of(document), Path(tmp), stem)
        for field in ("docx", "pdf"):
            with open(result[field], "rb") as fh:
                name = default_storage.save(f"documents/{document.organisation_id}/{stem}.{field}", File(fh))
            old = getattr(document, field)
            if old:
                default_storage.delete(old)
            setattr(document, field, name)
    document.page_count = result["pages"]
    document.rendered_at = timezone.now()
    document.save()
    return {"pages": result["pages"], "seconds": result["seconds"]}
