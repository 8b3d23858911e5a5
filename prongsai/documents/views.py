"""Documents pages: the list, a memo with its approval chain, decisions, renders and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from prongsai.core import files as user_files
from prongsai.core import jobs
from prongsai.core.access import get_for_org_or_404
from prongsai.core.models import Job
from prongsai.core.views import public_organisation
from prongsai.documents import measures, publishing, snapshot, tasks, verify, workflow
from prongsai.documents.forms import (
    ChainForm,
    DecisionForm,
    NewDocumentForm,
    ReassignForm,
    SettingsForm,
    VerifyForm,
)
from prongsai.documents.kind_forms import NewKindForm, text_form
from prongsai.documents.models import ApprovalStep, Document, DocumentSettings, DocumentType

PER_PAGE = 20


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the organisation."))
    return person


@login_required
@permission_required("documents.view_document", raise_exception=True)
def index(request):
    rows = (
        Document.objects.for_org(request.organisation)
        .select_related("document_type", "author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "form": NewDocumentForm(), "kind_form": NewKindForm()}
    return render(request, "documents/index.html", context)


@login_required
@permission_required("documents.add_document", raise_exception=True)
@require_POST
def create(request):
    form = NewDocumentForm(request.POST)
    person = _person(request)
    doc_type = DocumentType.objects.for_org(request.organisation).filter(code=measures.KIND).first()
    if form.is_valid() and doc_type is None:
        form.add_error(
            None, _("The organisation has no “measures memo” document type with an approval chain yet.")
        )
    if form.is_valid():
        chain = list(doc_type.chain.select_related("position"))
        to = chain[-1].position.title_th if chain else ""
        text = measures.default_text(request.organisation, form.cleaned_data["fiscal_year"], to)
        try:
            document = workflow.create_document(
                doc_type, form.cleaned_data["fiscal_year"], person, request.user, **text
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("documents:detail", document_id=document.pk)
    rows = Document.objects.for_org(request.organisation).select_related("document_type", "author")
    page = Paginator(rows, PER_PAGE).get_page(1)
    return render(request, "documents/index.html", {"page": page, "form": form}, status=400)


def _detail_context(request, document, **extra):
    steps = list(document.steps.select_related("position", "delegate", "acted_by"))
    pending = next((s for s in steps if s.state == "pending"), None)
    for step in steps:
        step.approver = workflow.approver_of(step)
    return {
        "document": document,
        "steps": steps,
        "pending": pending,
        "events": document.events.select_related("actor"),
        "is_sender": workflow.is_sender(document, request.user),
        "may_decide": workflow.may_decide(pending, request.user),
        "may_reassign": request.user.has_perm("documents.reassign_step"),
        "decision_form": extra.pop("decision_form", None)
        or DecisionForm(steps=[s for s in steps if pending and s.order <= pending.order],
                        initial={"seen_sha256": document.snapshot_sha256}),
        "frozen": (frozen := snapshot.content(document) if document.snapshot else None),
        "frozen_blocks": snapshot.blocks_view(frozen) if frozen else [],
        "final_job": _final_job(request.organisation, document),
        "publishable": publishing.publishable(document) and request.user.has_perm("documents.add_document"),
        "reassign_form": ReassignForm(organisation=request.organisation),
        "superseded_by": Document.objects.for_org(request.organisation).filter(supersedes=document).first(),
        "render_job": Job.objects.for_org(request.organisation)
        .filter(kind="documents.render", payload__document_id=document.pk).order_by("-pk").first(),
        **extra,
    }  # fmt: skip


def _final_job(organisation, document):
    return (
        Job.objects.for_org(organisation).filter(kind=tasks.FINAL_KIND, payload__document_id=document.pk)
        .order_by("-pk").first()
    )  # fmt: skip


@login_required
@permission_required("documents.view_document", raise_exception=True)
def detail(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    return render(request, "documents/detail.html", _detail_context(request, document))


@login_required
@permission_required("documents.view_document", raise_exception=True)
def edit(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    if not workflow.is_sender(document, request.user):
        raise PermissionDenied(_("Only the sender may edit this document."))
    if not document.editable:
        messages.error(
            request, _("A document under review or approved cannot be edited; make a new version.")
        )
        return redirect("documents:detail", document_id=document.pk)
    form = text_form(document)(request.POST or None, instance=document)  # the kind's fields
    if request.method == "POST" and form.is_valid():
        workflow.update_text(document, form.cleaned_data, request.user)
        messages.success(request, _("The document is saved."))
        return redirect("documents:detail", document_id=document.pk)
    return render(request, "documents/edit.html", {"document": document, "form": form})


@login_required
@require_POST
def submit(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    action = "resubmit" if document.status == "returned" else "submit"
    try:
        workflow.transition(document, action, request.user, note=request.POST.get("note", ""))
        messages.success(request, _("The document is sent to the next approver."))
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("documents:detail", document_id=document.pk)


@login_required
@require_POST
def decide(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    steps = list(document.steps.select_related("position"))
    form = DecisionForm(request.POST, steps=steps)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.transition(
                document, data["action"], request.user, note=data["note"], suggestion=data["suggestion"],
                seen_sha256=data["seen_sha256"], return_to=data["return_to"],
            )  # fmt: skip
            messages.success(request, _("Your decision is recorded."))
            return redirect("documents:detail", document_id=document.pk)
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
    document.refresh_from_db()
    return render(
        request, "documents/detail.html", _detail_context(request, document, decision_form=form), status=400
    )


@login_required
@require_POST
def reassign(request, approval_step_id):
    step = get_for_org_or_404(ApprovalStep, request.organisation, pk=approval_step_id)
    if not (
        request.user.has_perm("documents.reassign_step") or workflow.is_sender(step.document, request.user)
    ):
        raise PermissionDenied
    form = ReassignForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        try:
            workflow.reassign(step, form.cleaned_data["person"], request.user)
            messages.success(request, _("The step is assigned."))
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a person of this organisation who is in post."))
    return redirect("documents:detail", document_id=step.document_id)


@login_required
@permission_required("documents.view_document", raise_exception=True)
@require_POST
def render_files(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    if document.status == "approved":  # an approved document's files are its final, sealed ones
        return final_files(request, document_id)
    job = jobs.start(tasks.render_files, kind="documents.render", payload={"document_id": document.pk},
                     organisation=request.organisation, user=request.user)  # fmt: skip
    if job.status == job.Status.FAILED:
        messages.error(request, _("The files could not be made: %(error)s") % {"error": job.error})
    else:
        messages.success(request, _("The DOCX and PDF files are being made; reload the page in a moment."))
    return redirect("documents:detail", document_id=document.pk)


@login_required
@permission_required("documents.view_document", raise_exception=True)
@require_POST
def final_files(request, document_id):
    """Make the final sealed files again: after a failure (shown on the page), or when missing."""
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    if document.status != "approved":
        messages.error(request, _("Only an approved document has final files."))
    elif document.pdf_sha256:
        messages.error(request, _("The final files are already sealed; they are never made twice."))
    else:
        job = workflow.start_final_files(document, request.user)
        if job.status == job.Status.FAILED:
            messages.error(request, _("The files could not be made: %(error)s") % {"error": job.error})
        else:
            messages.success(request, _("The final files are being made."))
    return redirect("documents:detail", document_id=document.pk)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def final_job(request, document_id):
    """The final files' progress, polled by the document's page while the job runs."""
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    context = {"document": document, "final_job": _final_job(request.organisation, document)}
    return render(request, "documents/_final_files.html", context)


@login_required
@permission_required("documents.add_document", raise_exception=True)
@require_POST
def publish(request, document_id):
    """One click: the approved measures memo's sealed PDF onto its OIT item of the year."""
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    try:
        publication = publishing.publish_memo(document, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Published under OIT item %(code)s.") % {"code": publication.item.code.upper()}
        )
    return redirect("documents:detail", document_id=document.pk)


@login_required
@require_POST
def new_version(request, document_id):
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    if not (workflow.is_sender(document, request.user) or request.user.has_perm("documents.add_document")):
        raise PermissionDenied
    try:
        copy = workflow.new_version(document, request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("documents:detail", document_id=document.pk)
    return redirect("documents:detail", document_id=copy.pk)


def _download(request, document_id, field):
    """The generated file, typed by its content like every other file (core/files.py)."""
    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    name = getattr(document, field)
    if not name or not default_storage.exists(name):
        raise Http404(_("The file has not been made yet."))
    filename = f"{document.document_type.code}-{document.fiscal_year}-v{document.version}.{field}"
    return user_files.serve_stored(name, filename, as_attachment=True)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def download_pdf(request, document_id):
    return _download(request, document_id, "pdf")


@login_required
@permission_required("documents.view_document", raise_exception=True)
def download_docx(request, document_id):
    return _download(request, document_id, "docx")


@csrf_protect
def verify_page(request, org_slug):
    """Public: is this PDF (or this register number) the organisation's sealed original?"""
    organisation = public_organisation(org_slug)
    form, answer, status = VerifyForm(), None, 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if not verify.allowed(request):
            form.add_error(None, _("Too many checks in a short time. Please wait a few minutes."))
            status = 429
        elif form.is_valid():
            answer = _verify_answer(organisation, form)
            status = 400 if answer is None else 200
        else:
            status = 400
    context = {"organisation": organisation, "form": form, "answer": answer}
    return render(request, "documents/verify.html", context, status=status)


def _verify_answer(organisation, form) -> dict | None:
    upload = form.cleaned_data.get("file")
    if upload:
        try:
            data = verify.read_upload(upload)
        except verify.BadUpload as exc:
            form.add_error("file", {
                "too_big": _("The file is larger than 20 MB; the sealed originals are smaller."),
                "not_pdf": _("This file is not a PDF. Upload the PDF file of the document."),
            }[str(exc)])  # fmt: skip
            return None
        original, signed = verify.by_file(organisation, data)
        return {"by": "file", "found": [original] if original else [], "signed": signed}
    return {"by": "number", "found": verify.by_number(organisation, form.cleaned_data["number"])}


def public_index(request, org_slug):
    # Internal correspondence has no public page; the address stays for the navigation contract.
    return render(request, "core/coming_soon.html", {"organisation": public_organisation(org_slug)})


@login_required
@permission_required("documents.configure", raise_exception=True)
def settings_page(request):
    """The register prefix, the department line, the emblem, and each document type's chain."""
    organisation = request.organisation
    current = DocumentSettings.objects.for_org(organisation).first()
    current = current or DocumentSettings(organisation=organisation)
    form = SettingsForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The document settings are saved."))
        return redirect("documents:settings")
    types = DocumentType.objects.for_org(organisation).prefetch_related("chain__position")
    return render(request, "documents/settings.html", {"form": form, "types": types, "settings": current})


@login_required
@permission_required("documents.configure", raise_exception=True)
def chain(request, document_type_id):
    """Set a document type's approval chain; loops, gaps and an empty chain are refused."""
    document_type = get_for_org_or_404(DocumentType, request.organisation, pk=document_type_id)
    initial = {f"step_{s.order}": s.position_id for s in document_type.chain.all()}
    data = request.POST if request.method == "POST" else None  # an all-empty chain is still a POST
    form = ChainForm(data, organisation=request.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.set_chain(document_type, form.positions())
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The approval chain of %(type)s is saved.") % {"type": document_type})
            return redirect("documents:settings")
    return render(request, "documents/chain.html", {"form": form, "document_type": document_type})
