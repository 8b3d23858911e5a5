"""Pages of the document kinds: a new memo, order, announcement or letter; publishing an order."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core.access import get_for_org_or_404
from prongsai.documents import kinds, workflow
from prongsai.documents.forms import NewDocumentForm
from prongsai.documents.kind_forms import NewKindForm
from prongsai.documents.models import Document, Status

PER_PAGE = 20


@login_required
@permission_required("documents.add_document", raise_exception=True)
@require_POST
def create(request):
    """A new draft of the chosen kind, then its edit page."""
    form = NewKindForm(request.POST)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the organisation."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = kinds.create(
                request.organisation, data["kind"], person, request.user, data["fiscal_year"],
                subject=data["subject"],
            )  # fmt: skip
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("documents:edit", document_id=document.pk)
    rows = Document.objects.for_org(request.organisation).select_related("document_type", "author")
    page = Paginator(rows, PER_PAGE).get_page(1)
    context = {"page": page, "form": NewDocumentForm(), "kind_form": form}
    return render(request, "documents/index.html", context, status=400)


@login_required
@require_POST
def publish_order(request, document_id):
    """Publish an approved order (e.g. appointing the centre's officers) to the complaint centre's
    OIT item of the current fiscal year, found by its title in that year's catalogue."""
    from prongsai.complaints import publishing

    document = get_for_org_or_404(Document, request.organisation, pk=document_id)
    if not request.user.has_perm("complaints.manage_centre"):
        raise PermissionDenied(_("Only the complaint centre's head or an administrator publishes for it."))
    if document.document_type.code != kinds.ORDER or document.status != Status.APPROVED:
        messages.error(request, _("Only an approved order can be published for the complaint centre."))
        return redirect("documents:detail", document_id=document.pk)
    year = publishing.default_year(timezone.localdate())
    try:
        publication = publishing.publish_appointment_order(
            request.organisation, document, year, user=request.user
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Published on the disclosure portal: %(title)s") % {"title": publication.title}
        )
    return redirect("documents:detail", document_id=document.pk)
