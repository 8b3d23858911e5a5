"""Background work of the documents app: rendering a document's DOCX and PDF."""

from django_tasks import task

from prongsai.core import audit, jobs
from prongsai.core.models import Job
from prongsai.documents.models import Document
from prongsai.documents.output import render_document


@task
@jobs.tracked
def render_files(job: Job) -> dict:
    """Safe to run again: a render replaces the document's files."""
    document = Document.objects.for_org(job.organisation).get(pk=job.payload["document_id"])
    with audit.acting_as(job.created_by or "render"):
        result = render_document(document)
    return {**result, "document_id": document.pk}
