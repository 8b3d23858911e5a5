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
from django.views.decorators.http import require_POST

from prongsai.core import files as user_files
from prongsai.core import jobs
from prongsai.core.access import get_for_org_or_404
from prongsai.core.models import Job
from prongsai.core.views import public_organisation
from prongsai.documents import measures, tasks, workflow
from prongsai.documents.forms import (
    ChainForm,
    DecisionForm,
    DocumentTextForm,
    NewDocumentForm,
    ReassignForm,
    SettingsForm,
)
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
    return render(request, "documents/index.html", {"page": page, "form": NewDocumentForm()})


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
                        initial={"signed_name": getattr(getattr(request.user, "person", None),
                                                        "full_name", "")}),
        "reassign_form": ReassignForm(organisation=request.organisation),
        "superseded_by": Document.objects.for_org(request.organisation).filter(supersedes=document).first(),
        "render_job": Job.objects.for_org(request.organisation)
        .filter(kind="documents.render", payload__document_id=document.pk).order_by("-pk").first(),
        **extra,
    }  # fmt: skip


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
    form = DocumentTextForm(request.POST or None, instance=document)
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
                signed_name=data["signed_name"], signed_on=data["signed_on"], return_to=data["return_to"],
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
    job = jobs.start(tasks.render_files, kind="documents.render", payload={"document_id": document.pk},
                     organisation=request.organisation, user=request.user)  # fmt: skip
    if job.status == job.Status.FAILED:
        messages.error(request, _("The files could not be made: %(error)s") % {"error": job.error})
    else:
        messages.success(request, _("The DOCX and PDF files are being made; reload the page in a moment."))
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
        saved = form.save(commit=False)
        accepted = form.cleaned_data.get("emblem_file")
        if accepted:
            saved.emblem = user_files.save("documents/emblems", accepted)
        saved.save()
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
