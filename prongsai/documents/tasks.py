"""Background work of the documents app: rendering a document's files, and the final sealed files."""

from django_tasks import task

from prongsai.core import audit, jobs
from prongsai.core.models import Job
from prongsai.documents.models import Document
from prongsai.documents.output import finalise, render_document
from prongsai.documents.render.html import RenderError

FINAL_KIND = "documents.final"
ATTEMPTS = 2  # a crashed or timed-out Chromium is restarted (render/browser.py): one more try


@task
@jobs.tracked
def render_files(job: Job) -> dict:
    """Safe to run again: a render replaces the document's files."""
    document = Document.objects.for_org(job.organisation).get(pk=job.payload["document_id"])
    with audit.acting_as(job.created_by or "render"):
        result = render_document(document)
    return {**result, "document_id": document.pk}


@task
@jobs.tracked
def final_files(job: Job) -> dict:
    """The approved document's final DOCX and sealed PDF, started by the last approval.

    A renderer failure is tried once more at once; a second failure fails the task, which the
    document's page shows with a button that starts it again (`prongsai jobs retry` too).
    """
    document = Document.objects.for_org(job.organisation).get(pk=job.payload["document_id"])
    with audit.acting_as(job.created_by or "seal"):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                result = finalise(document, progress=lambda done, total: jobs.progress(job, done, total))
                break
            except RenderError:
                if attempt == ATTEMPTS:
                    raise
    return {**result, "document_id": document.pk}
