"""Writing a document's DOCX and PDF, to a folder (command, bench) or to the document's files (job).

A draft prints its live content (the plan, the analysis as they are now). A submitted document
prints its snapshot (snapshot.py) with what the system adds: the approvals from the chain's
records, the register number and date. The last approval makes the final files (`finalise`, run
by `tasks.final_files`): the PDF is printed with the electronic-approval note and sealed (seal.py),
its SHA-256 kept for the verify page and written to the audit log with every approval.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.core import audit
from prongsai.core.storage import local_path
from prongsai.documents import seal, snapshot
from prongsai.documents import text as t
from prongsai.documents.content import ApprovalBlock, DocumentContent
from prongsai.documents.models import Document, DocumentSettings, StepState
from prongsai.documents.models import Status as S
from prongsai.documents.render.docx import render_docx
from prongsai.documents.render.html import RenderError, page_count, render_pdf
from prongsai.thai.dates import format_long


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
        result = write_files(content_for(document), Path(tmp), stem, keep_docx=True)
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


# --- what is printed -----------------------------------------------------------------------


def live_content(document: Document) -> DocumentContent:
    """The content as the live data would print it now (drafts; what a submission freezes)."""
    from prongsai.documents.kinds import content_of as kind_content  # orders, letters… (kinds.py)

    return kind_content(document)


def approval_blocks(document: Document) -> tuple[ApprovalBlock, ...]:
    """One block per step: a signed step as the system recorded it, else its expected signatory."""
    from prongsai.core.acting import signed_title
    from prongsai.documents.workflow import approver_of

    blocks = []
    for step in document.steps.select_related("position", "delegate").order_by("order"):
        if step.state == StepState.APPROVED:
            name, position = step.signed_name, step.signed_position or step.position.title_th
        else:
            person = approver_of(step)
            name = person.full_name if person else step.position.title_th
            position = signed_title(person, step.position) if person else step.position.title_th
        blocks.append(ApprovalBlock(
            suggestion=t.official(step.suggestion) if step.state == StepState.APPROVED else "",
            name=t.name(name), position=t.official(position),
            date=t.official(format_long(step.signed_on)) if step.signed_on else "",
        ))  # fmt: skip
    return tuple(blocks)


def verify_url(document: Document) -> str:
    path = reverse("documents_public:verify", kwargs={"org_slug": document.organisation.slug})
    return settings.SITE_URL.rstrip("/") + path


def seal_note(document: Document) -> str:
    """The printed line saying the document was approved electronically and where to verify it."""
    return (
        f"{t.official('เอกสารนี้อนุมัติทางอิเล็กทรอนิกส์และประทับตราอิเล็กทรอนิกส์ของหน่วยงาน')} "
        f"{t.official('ตรวจสอบต้นฉบับได้ที่')} {verify_url(document)} "
        f"{t.official('โดยระบุเลขที่')} {t.official(document.reference)}"
    )


def content_for(document: Document) -> DocumentContent:
    """What is printed: the snapshot once submitted (never the live plan), else the live content."""
    if not document.snapshot:
        return live_content(document)
    content = snapshot.content(document)
    settings_row = DocumentSettings.objects.for_org(document.organisation).first()
    emblem = str(local_path(settings_row.emblem)) if settings_row and settings_row.emblem else ""
    memo = dataclasses.replace(
        content.memo, approvals=approval_blocks(document), emblem_path=emblem,
        reference=t.official(document.reference) or content.memo.reference,
        date=t.official(format_long(document.doc_date)) if document.doc_date else content.memo.date,
    )  # fmt: skip
    if document.status in (S.APPROVED, S.SUPERSEDED) and hasattr(memo, "seal_note"):
        memo = dataclasses.replace(memo, seal_note=seal_note(document))
    return dataclasses.replace(content, memo=memo)


# --- the final, sealed files -----------------------------------------------------------------


def approvals_of(document: Document) -> list[str]:
    """Each approval as one line: order, name, position, date (for the seal's reason and the log)."""
    return [
        f"{s.order}. {s.signed_name} {s.signed_position} {s.signed_on.isoformat() if s.signed_on else ''}"
        for s in document.steps.order_by("order")
        if s.state == StepState.APPROVED
    ]


def finalise(document: Document, progress=lambda done, total: None) -> dict:
    """Render the approved document's DOCX and PDF from its snapshot, seal the PDF, store both.

    Safe to run again (a retry): it replaces the files and records the new file's hash.
    """
    if document.status != S.APPROVED:
        raise ValueError(f"document {document.pk} is {document.status}, not approved")
    approvals = approvals_of(document)
    stem = file_stem(document)
    progress(0, 3)
    with tempfile.TemporaryDirectory(prefix="prongsai-final-") as tmp:
        result = write_files(content_for(document), Path(tmp), stem)
        progress(2, 3)
        started = time.perf_counter()
        sealed = seal.seal(Path(result["pdf"]).read_bytes(), document.organisation, approvals)
        seal_seconds = time.perf_counter() - started
        digest = seal.sha256(sealed)
        with transaction.atomic():
            for field in ("docx", "pdf"):
                old = getattr(document, field)
                if old:
                    default_storage.delete(old)
            base = f"documents/{document.organisation_id}/{stem}-final"
            document.docx = _store(result["docx"], f"{base}.docx")
            document.pdf = default_storage.save(f"{base}.pdf", ContentFile(sealed))
            document.page_count = result["pages"] or 0
            document.rendered_at = document.sealed_at = timezone.now()
            document.pdf_sha256 = digest
            document.save()
            audit.record(document, "documents.seal", changes={
                "pdf_sha256": ["", digest], "approvals": [[], approvals],
                "snapshot_sha256": [document.snapshot_sha256, document.snapshot_sha256],
            })  # fmt: skip
    progress(3, 3)
    return {
        "pages": result["pages"], "pdf_sha256": digest,
        "seconds": {**result["seconds"], "seal": round(seal_seconds, 3)},
    }  # fmt: skip


def export_final(document: Document, out_dir: Path) -> dict:
    """Copy an approved document's final, sealed files to a folder (made first when missing):
    what `prongsai document render` writes for an approved version."""
    if not document.pdf_sha256:
        finalise(document)
        document.refresh_from_db()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for field in ("docx", "pdf"):
        target = out_dir / f"{file_stem(document)}.{field}"
        with default_storage.open(getattr(document, field), "rb") as fh:
            target.write_bytes(fh.read())
        written[field] = str(target)
    return {**written, "pages": document.page_count, "pdf_sha256": document.pdf_sha256}
