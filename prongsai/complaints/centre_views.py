"""Pages of the centre as a whole: late cases, break-glass access, settings and publishing.

None of these pages shows what a complaint says, except the break-glass page under a live,
audited grant. Officers and the head see the late list and the break-glass log; the head and
organisation administrators set deadlines and publish; administrators ask for break-glass.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.complaints import actions, breakglass, deadlines, publishing
from prongsai.complaints.forms import (
    AppointmentOrderForm,
    BreakGlassForm,
    DeadlinesForm,
    ManualForm,
    PublishForm,
)
from prongsai.complaints.models import BreakGlass, CentreSettings, Complaint
from prongsai.core import chain
from prongsai.core.access import get_for_org_or_404
from prongsai.core.audit import record_read

PAGE_SIZE = 25


def _require(request, perm: str) -> None:
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied(_("This page is for the complaint centre."))


@login_required
def late(request):
    """Overdue and soon-due cases, with the officers excluded from each (for the head); a case
    the viewer is in conflict with is left out of the list and its count."""
    _require(request, "complaints.see_centre")
    today = timezone.localdate()
    tree = chain.unit_tree(request.organisation.pk)
    late_cases = [
        item
        for item in deadlines.late_cases(request.organisation, today)
        if not actions.in_conflict(request.user, item.complaint, tree)
    ]
    page = Paginator(late_cases, PAGE_SIZE).get_page(request.GET.get("page"))
    officers = actions.officers_of(request.organisation)
    rows = []
    for item in page:
        excluded = actions.conflicts(item.complaint, officers, tree)
        rows.append((item, [(o, excluded[o.pk]) for o in officers if o.pk in excluded]))
    return render(request, "complaints/late.html", {"page": page, "rows": rows, "today": today})


# ----- break-glass ------------------------------------------------------------------------------


def _case_context(case) -> dict:
    return {
        "case": case,
        "identity": actions.identity(case),
        "transitions": case.transitions.select_related("actor__person"),
        "messages_list": case.messages.select_related("author__person"),
        "notes": case.notes.select_related("author__person"),
    }


@login_required
def break_glass(request, complaint_id):
    case = get_for_org_or_404(Complaint, request.organisation, pk=complaint_id)
    if rules.has_perm("complaints.handle_cases", request.user):
        return redirect("complaints:complaint", complaint_id=case.pk)  # officers use the case page
    if not breakglass.is_administrator(request.user):
        raise PermissionDenied(_("Break-glass access is for system administrators of this organisation."))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breakglass.grant(request.user, case, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.warning(request, _("Access granted for a limited time; the head of the centre is told."))
            return redirect("complaints:break_glass", complaint_id=case.pk)
    grant = breakglass.active_grant(request.user, case)
    context = {"case": case, "grant": grant, "form": form, "minutes": breakglass.minutes()}
    if grant is not None:
        record_read(case, "complaints.read_case_break_glass")
        context.update(_case_context(case))
    return render(request, "complaints/break_glass.html", context, status=400 if form.errors else 200)


@login_required
def break_glass_log(request):
    """Every grant, for the centre; an administrator sees their own and can open a case by number."""
    centre = rules.has_perm("complaints.see_centre", request.user)
    if not centre and not breakglass.is_administrator(request.user):
        raise PermissionDenied(_("This page is for the complaint centre."))
    number = (request.GET.get("number") or "").strip()
    if number:
        seq, _sep, year = number.partition("/")
        case = (
            Complaint.objects.for_org(request.organisation).filter(seq=seq, year=year).first()
            if seq.isdigit() and year.isdigit()
            else None
        )
        if case is not None:
            return redirect("complaints:break_glass", complaint_id=case.pk)
        messages.error(request, _("No case has the number %(n)s.") % {"n": number})
    grants = (
        BreakGlass.objects.for_org(request.organisation)
        .exclude(complaint__in=actions.hidden_from(request.user, request.organisation))
        .select_related("complaint", "user__person")
    )
    if not centre:
        grants = grants.filter(user=request.user)
    page = Paginator(grants.defer(*[f"complaint__{f}" for f in Complaint.TEXT_FIELDS]), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "complaints/break_glass_log.html", {"page": page, "now": timezone.now()})


# ----- settings and publishing ------------------------------------------------------------------


def _settings_row(organisation) -> CentreSettings:
    return CentreSettings.objects.for_org(organisation).first() or CentreSettings(organisation=organisation)


@login_required
def centre(request):
    _require(request, "complaints.manage_centre")
    row = _settings_row(request.organisation)
    year = publishing.default_year(timezone.localdate())
    context = {
        "row": row,
        "deadlines_form": DeadlinesForm(current=row.deadlines),
        "order_form": AppointmentOrderForm(
            organisation=request.organisation, initial={"document": row.appointment_order_id}
        ),
        "manual_form": ManualForm(initial={"fiscal_year": year}),
        "order_publish": PublishForm(initial={"what": "order", "fiscal_year": year}),
        "statistics_publish": PublishForm(initial={"what": "statistics", "fiscal_year": year}),
    }
    return render(request, "complaints/centre.html", context)


def _errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def centre_deadlines(request):
    _require(request, "complaints.manage_centre")
    row = _settings_row(request.organisation)
    form = DeadlinesForm(request.POST or None, current=row.deadlines)
    if request.method == "POST":
        if form.is_valid():
            row.deadlines = form.overrides()
            row.save()
            messages.success(
                request, _("The deadlines are saved; they apply from the next step of each case.")
            )
        else:
            _errors(request, form)
    return redirect("complaints:centre")


@login_required
def centre_order(request):
    _require(request, "complaints.manage_centre")
    form = AppointmentOrderForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST":
        if form.is_valid():
            row = _settings_row(request.organisation)
            row.appointment_order = form.cleaned_data["document"]
            row.save()
            messages.success(request, _("The appointment order is saved."))
        else:
            _errors(request, form)
    return redirect("complaints:centre")


@login_required
def centre_manual(request):
    _require(request, "complaints.manage_centre")
    form = ManualForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            _published(request, publishing.publish_manual, data["file"], data["title"], data["fiscal_year"])
        else:
            _errors(request, form)
    return redirect("complaints:centre")


@login_required
def centre_publish(request):
    _require(request, "complaints.manage_centre")
    form = PublishForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            year = form.cleaned_data["fiscal_year"]
            if form.cleaned_data["what"] == "order":
                order = _settings_row(request.organisation).appointment_order
                _published(request, publishing.publish_appointment_order, order, year)
            else:
                _published(request, publishing.publish_statistics, year)
        else:
            _errors(request, form)
    return redirect("complaints:centre")


def _published(request, function, *args) -> None:
    try:
        publication = function(request.organisation, *args, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Published on the disclosure portal: %(title)s") % {"title": publication.title}
        )
