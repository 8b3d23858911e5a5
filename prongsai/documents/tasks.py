"""Background work of the documents app: rendering a document's DOCX and PDF."""

from prongsai.core import audit
from prongsai.core.jobs import handler
from prongsai.core.models import Job
from prongsai.documents.models import Document
from prongsai.documents.output import render_document


@handler("documents.render")
def render_job(job: Job) -> dict:
    document = Document.objects.for_org(job.organisation).get(pk=job.payload["document_id"])
    with audit.acting_as(job.created_by or "render"):
        result = render_document(document)
    return {**result, "document_id": document.pk}
