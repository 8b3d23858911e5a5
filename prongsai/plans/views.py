"""Plans pages: the plan and its measures, follow-up of steps, review, dashboards, reports, public page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404
from prongsai.core.chain import unit_and_descendants
from prongsai.core.models import User
from prongsai.core.notifications import notify
from prongsai.core.views import public_organisation
from prongsai.documents.render.html import RenderError
from prongsai.documents.snapshot import approved_memo
from prongsai.plans import access, coverage, drafting, export, publishing, reports, workflow
from prongsai.plans.forms import DraftForm, MeasureForm, ReviewForm, StepForm, UpdateForm
from prongsai.plans.models import (
    Evidence,
    Measure,
    Plan,
    ReviewState,
    Step,
    StepStatus,
    StepUpdate,
    store_evidence_file,
)
from prongsai.thai.fiscal import fiscal_year_of

PAGE_SIZE = 25


def _post_only(request):
    """After the row lookup (so another organisation's id is a 404, not a 405)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# --- plans and measures ------------------------------------------------------------------


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def index(request):
    plans = Plan.objects.for_org(request.organisation).annotate(measure_count=Count("measures"))
    page = Paginator(plans.order_by("-fiscal_year"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    form = DraftForm(initial={"fiscal_year": fiscal_year_of(today) + 1, "focus": "all"})
    return render(request, "plans/index.html", {"page": page, "form": form})


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def draft(request):
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan, result = drafting.draft_plan(
                request.organisation,
                form.cleaned_data["fiscal_year"],
                lowest_only=form.cleaned_data["focus"] == "lowest",
            )
        except drafting.DraftError as exc:
            form.add_error("fiscal_year", str(exc))
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(request, _("The plan is drafted; check and edit the measures."))
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/draft.html", {"form": form})


def _plan_measures(plan: Plan):
    steps = Step.objects.select_related("unit").order_by("order", "pk")
    return (
        Measure.objects.for_org(plan.organisation)
        .filter(plan=plan)
        .order_by("number", "pk")
        .prefetch_related("units", Prefetch("steps", queryset=steps))
    )


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def plan(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    page = Paginator(_plan_measures(plan), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "page": page,
            "coverage": coverage.check(plan),
            "can_edit": request.user.has_perm("plans.edit_plans"),
            "approved_memo": approved_memo(plan.organisation, plan.fiscal_year),
        },
    )


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def measure_add(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    last = Measure.objects.for_org(plan.organisation).filter(plan=plan).order_by("-number").first()
    initial = {"number": (last.number + 1) if last else 1, "follow_up": last.follow_up if last else ""}
    form = MeasureForm(
        request.POST or None, plan=plan, targets=coverage.target_choices(plan), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        measure = form.save()
        messages.success(request, _("Measure %(n)s is added; now add its steps.") % {"n": measure.number})
        return redirect("plans:measure_edit", measure_id=measure.pk)
    return render(request, "plans/measure_form.html", {"form": form, "plan": plan})


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def measure_edit(request, measure_id):
    measure = get_for_org_or_404(Measure, request.organisation, pk=measure_id)
    form = MeasureForm(
        request.POST or None,
        instance=measure,
        plan=measure.plan,
        targets=coverage.target_choices(measure.plan),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Measure %(n)s is saved.") % {"n": measure.number})
        return redirect("plans:plan", plan_id=measure.plan_id)
    steps = measure.steps.select_related("unit").order_by("order", "pk")
    return render(
        request,
        "plans/measure_form.html",
        {"form": form, "plan": measure.plan, "measure": measure, "steps": steps,
         "step_form": StepForm(organisation=request.organisation)},
    )  # fmt: skip


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def measure_delete(request, measure_id):
    measure = get_for_org_or_404(Measure, request.organisation, pk=measure_id)
    if refused := _post_only(request):
        return refused
    if StepUpdate.objects.for_org(request.organisation).filter(step__measure=measure).exists():
        messages.error(
            request, _("Measure %(n)s has follow-up updates and cannot be removed.") % {"n": measure.number}
        )
        return redirect("plans:plan", plan_id=measure.plan_id)
    number, plan_id = measure.number, measure.plan_id
    with transaction.atomic():
        for step in measure.steps.all():
            step.delete()
        measure.delete()
    messages.success(
        request, _("Measure %(n)s is removed; renumber the measures to close the gap.") % {"n": number}
    )
    return redirect("plans:plan", plan_id=plan_id)


def _swap(rows, row, direction: str, field: str):
    """Swap `row` with its neighbour above or below in `rows` (ordered by `field`)."""
    rows = list(rows)
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return
    a, b = rows[index], rows[other]
    value_a, value_b = getattr(a, field), getattr(b, field)
    if value_a == value_b:  # repeated numbers: make them distinct first
        value_b = value_a + (1 if other > index else -1)
    setattr(a, field, value_b)
    setattr(b, field, value_a)
    with transaction.atomic():
        a.save()
        b.save()


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def measure_move(request, measure_id):
    measure = get_for_org_or_404(Measure, request.organisation, pk=measure_id)
    if refused := _post_only(request):
        return refused
    siblings = (
        Measure.objects.for_org(request.organisation).filter(plan=measure.plan).order_by("number", "pk")
    )
    _swap(siblings, measure, request.POST.get("direction", ""), "number")
    return redirect("plans:plan", plan_id=measure.plan_id)


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def renumber(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    if refused := _post_only(request):
        return refused
    with transaction.atomic():
        for n, measure in enumerate(
            Measure.objects.for_org(plan.organisation).filter(plan=plan).order_by("number", "pk"), 1
        ):
            if measure.number != n:
                measure.number = n
                measure.save(update_fields=["number"])
    messages.success(request, _("The measures are numbered 1 to n again."))
    return redirect("plans:plan", plan_id=plan.pk)


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def publish(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    if refused := _post_only(request):
        return refused
    plan.published = request.POST.get("published") == "1"
    plan.save(update_fields=["published", "updated_at"])
    messages.success(
        request, _("The progress page is public.") if plan.published else _("The progress page is hidden.")
    )
    return redirect("plans:plan", plan_id=plan.pk)


# --- steps ----------------------------------------------------------------------------------


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def step_add(request, measure_id):
    measure = get_for_org_or_404(Measure, request.organisation, pk=measure_id)
    form = StepForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        step = form.save(commit=False)
        step.organisation, step.measure = request.organisation, measure
        last = measure.steps.order_by("-order").first()
        step.order = (last.order + 1) if last else 1
        step.save()
        messages.success(request, _("The step is added."))
        return redirect("plans:measure_edit", measure_id=measure.pk)
    return render(request, "plans/step_form.html", {"form": form, "measure": measure})


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def step_edit(request, step_id):
    step = get_for_org_or_404(Step, request.organisation, pk=step_id)
    form = StepForm(request.POST or None, instance=step, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The step is saved."))
        return redirect("plans:measure_edit", measure_id=step.measure_id)
    return render(request, "plans/step_form.html", {"form": form, "measure": step.measure, "step": step})


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def step_delete(request, step_id):
    step = get_for_org_or_404(Step, request.organisation, pk=step_id)
    if refused := _post_only(request):
        return refused
    if step.updates.exists():
        messages.error(request, _("This step has follow-up updates and cannot be removed."))
    else:
        step.delete()
        messages.success(request, _("The step is removed."))
    return redirect("plans:measure_edit", measure_id=step.measure_id)


@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def step_move(request, step_id):
    step = get_for_org_or_404(Step, request.organisation, pk=step_id)
    if refused := _post_only(request):
        return refused
    _swap(step.measure.steps.order_by("order", "pk"), step, request.POST.get("direction", ""), "order")
    return redirect("plans:measure_edit", measure_id=step.measure_id)


# --- follow-up ------------------------------------------------------------------------------


def _step_context(request, step: Step, form: UpdateForm | None = None) -> dict:
    updates = (
        step.updates.select_related("author__person", "reviewer__person")
        .prefetch_related("evidence")
        .order_by("-date", "-pk")
    )
    page = Paginator(updates, PAGE_SIZE).get_page(request.GET.get("page"))
    for update in page:
        update.reviewable = update.state == ReviewState.SUBMITTED and access.can_review(request.user, update)
        update.fixable = update.state == ReviewState.RETURNED and update.author_id == request.user.pk
    can_write = access.can_write_update(request.user, step)
    if form is None and can_write:
        form = UpdateForm(
            today=timezone.localdate(), initial={"status": step.status, "progress": step.progress}
        )
    return {"step": step, "measure": step.measure, "page": page, "form": form, "can_write": can_write,
            "review_form": ReviewForm()}  # fmt: skip


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def step(request, step_id):
    step = get_for_org_or_404(Step, request.organisation, pk=step_id)
    return render(request, "plans/step.html", _step_context(request, step))


def _attach(update: StepUpdate, data: dict) -> None:
    if data.get("file"):
        accepted = data["file"]
        Evidence.objects.create(
            organisation=update.organisation, update=update, name=accepted.display_name[:200],
            file=store_evidence_file(accepted),
            is_public=data["file_public"],
        )  # fmt: skip
    if data.get("link"):
        Evidence.objects.create(
            organisation=update.organisation, update=update, url=data["link"], name=data["link"][:200],
            is_public=data["link_public"],
        )  # fmt: skip


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def update_add(request, step_id):
    step = get_for_org_or_404(Step, request.organisation, pk=step_id)
    if refused := _post_only(request):
        return refused
    if not access.can_write_update(request.user, step):
        raise PermissionDenied(_("Only the responsible unit writes updates of this step."))
    form = UpdateForm(request.POST, request.FILES, today=timezone.localdate())
    if not form.is_valid():
        return render(request, "plans/step.html", _step_context(request, step, form), status=400)
    data = form.cleaned_data
    with transaction.atomic():
        update = StepUpdate.objects.create(
            organisation=request.organisation, step=step, date=data["date"], text=data["text"],
            problems=data["problems"], progress=data["progress"], status=data["status"], author=request.user,
        )  # fmt: skip
        _attach(update, data)
    _notify_reviewers(update)
    messages.success(request, _("The update is sent to your supervisors for review."))
    return redirect("plans:step", step_id=step.pk)


def _notify_reviewers(update: StepUpdate) -> None:
    positions = [p.pk for p in access.reviewers_of(update.author)]
    reviewers = User.objects.filter(person__position__in=positions, is_active=True)
    notify(
        update.organisation,
        reviewers,
        _("An update of measure %(n)s waits for your review") % {"n": update.step.measure.number},
        url=reverse("plans:step", kwargs={"step_id": update.step_id}),
        kind="plans.review",
    )


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def update_edit(request, step_update_id):
    """The author fixes a returned update and sends it for review again."""
    update = get_for_org_or_404(StepUpdate, request.organisation, pk=step_update_id)
    if update.author_id != request.user.pk or update.state != ReviewState.RETURNED:
        raise PermissionDenied(_("Only the author changes an update, and only after it was returned."))
    initial = {f: getattr(update, f) for f in ("date", "text", "problems", "status", "progress")}
    form = UpdateForm(
        request.POST or None, request.FILES or None, today=timezone.localdate(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for f in ("date", "text", "problems", "status", "progress"):
                    setattr(update, f, data[f])
                update.save()
                _attach(update, data)
                workflow.transition(update.pk, workflow.RESUBMIT, user=request.user)
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            _notify_reviewers(update)
            messages.success(request, _("The corrected update is sent for review again."))
        return redirect("plans:step", step_id=update.step_id)
    return render(request, "plans/update_form.html", {"form": form, "update": update, "step": update.step})


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def update_review(request, step_update_id):
    update = get_for_org_or_404(StepUpdate, request.organisation, pk=step_update_id)
    if refused := _post_only(request):
        return refused
    if not access.can_review(request.user, update):
        raise PermissionDenied(_("Only the author's supervisors and the municipal clerk review this update."))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to return the update."))
        return redirect("plans:step", step_id=update.step_id)
    action = form.cleaned_data["action"]
    try:
        workflow.transition(update.pk, action, user=request.user, comment=form.cleaned_data["comment"])
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The update is accepted.")
            if action == workflow.ACCEPT
            else _("The update is returned to its author."),
        )
    return redirect("plans:step", step_id=update.step_id)


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def evidence_file(request, evidence_id):
    evidence = get_for_org_or_404(Evidence, request.organisation, pk=evidence_id)
    if not evidence.file:  # a link is shown on the page as a plain link; this site never redirects to it
        raise Http404(_("This evidence is a link, not a file."))
    return user_files.serve_stored(evidence.file, evidence.name, as_attachment=True)


# --- dashboard ------------------------------------------------------------------------------

DUE_DAYS = 30
TABS = ("due", "overdue", "review")


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def dashboard(request):
    """Due, overdue and waiting for review: the user's unit and its sub-units, or all for the clerk."""
    org, today = request.organisation, timezone.localdate()
    steps = Step.objects.for_org(org).exclude(status=StepStatus.DONE)
    updates = StepUpdate.objects.for_org(org).filter(state=ReviewState.SUBMITTED)
    unit = None
    if not access.is_clerk(request.user):
        position = access._position(request.user)
        if position is None or position.unit_id is None:
            units: set[int] = set()
        else:
            unit = position.unit
            units = unit_and_descendants(unit)
        steps, updates = steps.filter(unit__in=units), updates.filter(step__unit__in=units)
    due = Q(measure__end__gte=today, measure__end__lte=today + timedelta(days=DUE_DAYS))
    overdue = Q(measure__end__lt=today)
    # Both step counts in one pass over the open steps; the tab's count is also its paginator's.
    counts = steps.aggregate(due=Count("pk", filter=due), overdue=Count("pk", filter=overdue))
    counts["review"] = updates.count()
    tab = request.GET.get("show") if request.GET.get("show") in TABS else "overdue"
    if tab == "review":
        rows = updates.select_related("step__measure", "step__unit", "author__person").order_by("date", "pk")
    else:
        rows = (
            steps.filter(due if tab == "due" else overdue)
            .select_related("measure__plan", "unit")
            .order_by("measure__end", "measure__number", "order")
        )
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counts[tab]  # known already: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "plans/dashboard.html",
        {"counts": counts, "tab": tab, "page": page, "unit": unit, "today": today, "all_units": unit is None},
    )


# --- reports and export ---------------------------------------------------------------------


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def report(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    months = 12 if request.GET.get("months") == "12" else 6
    return render(
        request, "plans/report.html", {"report": reports.progress_report(plan, months), "plan": plan}
    )


@require_POST
@login_required
@permission_required("plans.edit_plans", raise_exception=True)
def publish_report(request, plan_id):
    """One action: print the 6- or 12-month report to PDF and publish it under its OIT item."""
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    months = 12 if request.POST.get("months") == "12" else 6
    try:
        publication = publishing.publish_report(plan, months, request.user, timezone.localdate())
    except (ValueError, RenderError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Published to the disclosure portal: %(title)s") % {"title": publication.title}
        )
    return redirect(f"{reverse('plans:report', kwargs={'plan_id': plan.pk})}?months={months}")


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def report_document(request, plan_id):
    """The report as the official memo with its attachment: `?months=6|12&format=docx|pdf`."""
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    months = 12 if request.GET.get("months") == "12" else 6
    kind = "docx" if request.GET.get("format") == "docx" else "pdf"
    author = getattr(request.user, "person", None)
    try:
        files = publishing.report_files(plan, months, author, timezone.localdate())
    except RenderError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('plans:report', kwargs={'plan_id': plan.pk})}?months={months}")
    content_type = "application/pdf" if kind == "pdf" else DOCX_TYPE
    response = HttpResponse(files[kind], content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="progress-{plan.fiscal_year}-{months}m.{kind}"'
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@permission_required("plans.view_plans", raise_exception=True)
def export_plan(request, plan_id):
    plan = get_for_org_or_404(Plan, request.organisation, pk=plan_id)
    fmt = request.GET.get("format", "json")
    if fmt not in export.TYPES:
        raise Http404(_("Unknown export format."))
    body = export.render(plan, fmt)
    response = HttpResponse(body, content_type=export.TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.fiscal_year}.{fmt}"'
    return response


# --- public ---------------------------------------------------------------------------------


def public_index(request, org_slug):
    organisation = public_organisation(org_slug)
    plans = Plan.objects.for_org(organisation).filter(published=True).order_by("-fiscal_year")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/public_index.html", {"organisation": organisation, "page": page})


def public_plan(request, org_slug, year):
    organisation = public_organisation(org_slug)
    plan = Plan.objects.for_org(organisation).filter(fiscal_year=year, published=True).first()
    if plan is None:
        raise Http404(_("There is no published measures plan for fiscal year %(fy)s.") % {"fy": year})
    public_evidence = Evidence.objects.filter(is_public=True, update__state=ReviewState.ACCEPTED).order_by(
        "pk"
    )
    steps = (
        Step.objects.order_by("order", "pk")
        .select_related("unit")
        .prefetch_related(Prefetch("updates__evidence", queryset=public_evidence))
    )
    measures = (
        Measure.objects.for_org(organisation).filter(plan=plan).order_by("number", "pk")
        .prefetch_related("units", Prefetch("steps", queryset=steps))
    )  # fmt: skip
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "plans/public_plan.html", {"organisation": organisation, "plan": plan, "page": page}
    )


def public_evidence_file(request, org_slug, evidence_id):
    organisation = public_organisation(org_slug)
    evidence = get_for_org_or_404(
        Evidence, organisation, pk=evidence_id, is_public=True, update__state=ReviewState.ACCEPTED,
        update__step__measure__plan__published=True,
    )  # fmt: skip
    if not evidence.file:  # a link is shown on the page as a plain link; this site never redirects to it
        raise Http404(_("This evidence is a link, not a file."))
    return user_files.serve_stored(evidence.file, evidence.name, as_attachment=True)
