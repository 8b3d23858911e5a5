"""Staff pages of the disclosure portal: the year's checklist, items and their publications,
the ITAS export, executives and their messages, procurement imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core import audit
from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404, organisation_of, roles_of
from prongsai.core.models import Person
from prongsai.core.notifications import mail_later
from prongsai.core.views import executives as executive_people
from prongsai.disclosure import catalogue, itas, procurement
from prongsai.disclosure.confirmation import carried_from
from prongsai.disclosure.forms import AnswerForm, ExecutiveForm, ProcurementImportForm, PublicationForm
from prongsai.disclosure.models import (
    ContactMessage,
    Executive,
    Item,
    ProcurementLine,
    ProcurementSummary,
    Publication,
)
from prongsai.ita.framework import FrameworkError
from prongsai.ita.years import current_fiscal_year, pickable_years

PAGE_SIZE = 25
CHECKLIST_PAGE_SIZE = 60


@login_required
@permission_required("disclosure.view", raise_exception=True)
def index(request):
    years = (
        Item.objects.for_org(request.organisation)
        .values("year")
        .annotate(items=Count("pk"))
        .order_by("-year")
    )
    page = Paginator(years, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "known_years": pickable_years(), "current_year": current_fiscal_year()}
    return render(request, "disclosure/index.html", context)


@require_POST
@login_required
@permission_required("disclosure.publish", raise_exception=True)
def create_catalogue(request):
    year = request.POST.get("year", "")
    if not year.isdigit():
        messages.error(request, _("Choose a fiscal year."))
        return redirect("disclosure:index")
    try:
        created = catalogue.ensure_catalogue(request.organisation, int(year))
    except FrameworkError as exc:
        messages.error(request, f"{exc.message_th} ({exc.message_en})")
        return redirect("disclosure:index")
    year = int(year)
    messages.success(
        request, _("%(count)d items added to the catalogue of %(year)d.") % {"count": created, "year": year}
    )
    return redirect("disclosure:checklist", year=year)


@login_required
@permission_required("disclosure.view", raise_exception=True)
def checklist(request, year):
    items = list(Item.objects.for_org(request.organisation).filter(year=year))
    report = catalogue.readiness(request.organisation, year, items)
    page = Paginator(items, CHECKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "year": year, "report": report, "page": page, "carried_from": carried_from(year),
        "review": catalogue.review_list(request.organisation, year) if items else [],
    }  # fmt: skip
    return render(request, "disclosure/checklist.html", context)


@login_required
@permission_required("disclosure.view", raise_exception=True)
def item_detail(request, year, item_id):
    item = get_for_org_or_404(Item, request.organisation, pk=item_id, year=year)
    form = None
    if request.user.has_perm("disclosure.publish"):
        form = PublicationForm(request.POST or None, request.FILES or None, item=item)
        if request.method == "POST" and form.is_valid():
            form.instance.created_by = request.user
            publication = form.save()
            if publication.is_published():
                messages.success(request, _("Published “%(title)s”.") % {"title": publication.title})
            else:
                messages.success(request, _("“%(title)s” is scheduled.") % {"title": publication.title})
            return redirect("disclosure:item", year=year, item_id=item.pk)
    elif request.method == "POST":
        raise Http404
    publications = list(
        Publication.objects.for_org(request.organisation).filter(item=item).select_related("unit")
    )
    current, history, scheduled = catalogue.current_and_history(publications)
    context = {"item": item, "form": form, "current": current, "history": history, "scheduled": scheduled,
               "year": year, "carried_from": carried_from(year)}  # fmt: skip
    return render(request, "disclosure/item.html", context)


@login_required
@permission_required("disclosure.view", raise_exception=True)
def staff_file(request, publication_id):
    publication = get_for_org_or_404(Publication, request.organisation, pk=publication_id)
    if not publication.file:
        raise Http404
    return _file_response(publication)


def _file_response(publication: Publication) -> FileResponse:
    return user_files.serve_stored(publication.file.name, publication.filename or publication.title)


@login_required
@permission_required("disclosure.view", raise_exception=True)
def export(request, year):
    organisation = organisation_of(request)
    table = itas.rows(organisation, year, request.build_absolute_uri("/"))
    fmt = request.GET.get("format", "")
    name = f"oit-{organisation.slug}-{year}"
    if fmt == "csv":
        response = HttpResponse(itas.to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            itas.to_xlsx(table, year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    page = Paginator(table, 100).get_page(request.GET.get("page"))
    return render(request, "disclosure/export.html", {"year": year, "page": page})


# --- executives and their messages ------------------------------------------------------


@login_required
@permission_required("disclosure.view", raise_exception=True)
def executives(request):
    people = executive_people(request.organisation)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    profiles = {
        e.person_id: e for e in Executive.objects.for_org(request.organisation).filter(person__in=page)
    }
    rows = [(person, profiles.get(person.pk)) for person in page]
    return render(request, "disclosure/executives.html", {"page": page, "rows": rows})


@login_required
@permission_required("disclosure.manage_executives", raise_exception=True)
def executive_edit(request, person_id):
    person = get_for_org_or_404(Person, request.organisation, pk=person_id, position__is_executive=True)
    profile = Executive.objects.for_org(request.organisation).filter(person=person).first()
    profile = profile or Executive(organisation=request.organisation, person=person)
    form = ExecutiveForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": person.full_name})
        return redirect("disclosure:executives")
    return render(request, "disclosure/executive_form.html", {"form": form, "person": person})


def messages_for(user, organisation):
    """The clerk follows every message; an executive sees only those addressed to them."""
    rows = ContactMessage.objects.for_org(organisation).select_related("executive__person")
    if "clerk" in roles_of(user):
        return rows
    return rows.filter(executive__person__user=user)


@login_required
@permission_required("disclosure.read_messages", raise_exception=True)
def message_list(request):
    rows = messages_for(request.user, request.organisation)
    waited = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    stats = rows.aggregate(total=Count("pk"), answered=Count("answered_at"), mean=Avg(waited, filter=None))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/messages.html", {"page": page, "stats": stats})


@login_required
@permission_required("disclosure.read_messages", raise_exception=True)
def message_detail(request, contact_message_id):
    message = messages_for(request.user, request.organisation).filter(pk=contact_message_id).first()
    if message is None:
        raise Http404(_("message"))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if message.answered_at:
            messages.error(request, _("This message was answered already."))
        else:
            message.answer = form.cleaned_data["answer"]
            message.answered_at = timezone.now()
            message.answered_by = request.user
            message.save()
            if "@" in message.sender_contact:
                mail_later(
                    request.organisation, [message.sender_contact], f"Re: {message.subject}", message.answer
                )
            messages.success(request, _("The answer is recorded."))
        return redirect("disclosure:message", contact_message_id=message.pk)
    audit.record_read(message, "disclosure.read_message")
    return render(request, "disclosure/message.html", {"message": message, "form": form})


# --- procurement --------------------------------------------------------------------------


@login_required
@permission_required("disclosure.view", raise_exception=True)
def procurement_index(request):
    form = None
    if request.user.has_perm("disclosure.publish"):
        form = ProcurementImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = procurement.import_file(
                request.organisation, form.cleaned_data["year"], form.cleaned_data["month"],
                upload.read(), upload.name,
            )  # fmt: skip
            if result.ok:
                messages.success(request, _("Imported %(count)d rows.") % {"count": len(result.lines)})
                return redirect("disclosure:procurement_summary", procurement_summary_id=result.summary.pk)
            form.add_error(None, _("Nothing was imported; correct the file and try again."))
            for error in result.errors:
                form.add_error(None, error)
    summaries = ProcurementSummary.objects.for_org(request.organisation).annotate(count=Count("lines"))
    page = Paginator(summaries.order_by("-year", "-month"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "headings": procurement.HEADINGS}
    return render(request, "disclosure/procurement.html", context)


@login_required
@permission_required("disclosure.view", raise_exception=True)
def procurement_summary(request, procurement_summary_id):
    summary = get_for_org_or_404(ProcurementSummary, request.organisation, pk=procurement_summary_id)
    lines = (
        ProcurementLine.objects.for_org(request.organisation)
        .filter(summary=summary)
        .select_related("summary")
    )
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    published = (
        Publication.objects.for_org(request.organisation)
        .filter(item__year=summary.year, filename=procurement.published_filename(summary))
        .select_related("item")[:1]
    )
    context = {"summary": summary, "page": page, "publications": published}
    return render(request, "disclosure/procurement_summary.html", context)


@login_required
@permission_required("disclosure.publish", raise_exception=True)
def procurement_publish(request, procurement_summary_id):
    """One action: the summary goes to its OIT item as an XLSX in the form สขร.๑."""
    summary = get_for_org_or_404(ProcurementSummary, request.organisation, pk=procurement_summary_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        publication = procurement.publish_summary(summary, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Published under OIT item %(code)s: %(title)s")
            % {"code": publication.item.code, "title": publication.title},
        )
    return redirect("disclosure:procurement_summary", procurement_summary_id=summary.pk)


@login_required
@permission_required("disclosure.publish", raise_exception=True)
def procurement_delete(request, procurement_summary_id):
    # The row is looked up before the method check, so another organisation's id is a 404 either way.
    summary = get_for_org_or_404(ProcurementSummary, request.organisation, pk=procurement_summary_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    summary.delete()
    messages.success(request, _("Deleted %(title)s.") % {"title": summary.title})
    return redirect("disclosure:procurement")
