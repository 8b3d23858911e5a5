"""Integrity pages: the risk register with its follow-up and heat map, the action plan with its
progress, their official reports and publication, and the public pages of what is published."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core.access import get_for_org_or_404
from prongsai.core.views import public_organisation
from prongsai.disclosure.models import ProcurementSummary
from prongsai.documents.render.html import RenderError
from prongsai.integrity import access, document, heatmap, levels, publishing, reports, workflow
from prongsai.integrity.forms import FollowUpForm, ProgressForm, ProjectForm, RiskForm, YearForm
from prongsai.integrity.models import (
    ActionPlan,
    Project,
    ProjectProgress,
    RegisterState,
    Risk,
    RiskFollowUp,
    RiskRegister,
)
from prongsai.thai.fiscal import fiscal_year_of

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _post_only(request):
    """After the row lookup (so another organisation's id is a 404, not a 405)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _require_row(user, owner_unit_id) -> None:
    if not access.can_edit_row(user, owner_unit_id):
        raise PermissionDenied(_("You may edit only the rows of your own unit."))


def _maps(risks, thai_digits: bool = True) -> dict:
    """Both heat maps of a list of risks, as safe SVG markup and as counts for the text table."""
    inherent, residual = heatmap.inherent(risks), heatmap.residual(risks)
    labels = {"likelihood_label": _("Likelihood"), "impact_label": _("Impact")}
    return {
        "inherent": inherent,
        "residual": residual,
        # markup built by heatmap.svg, which escapes every text it draws
        "inherent_svg": heatmap.svg(inherent, _("Risks before the added controls"), key="inherent",
                                    thai_digits=thai_digits, **labels),
        "residual_svg": heatmap.svg(residual, _("Risks at the latest follow-up"), key="residual",
                                    thai_digits=thai_digits, **labels),
        "bands": levels.BANDS,
    }  # fmt: skip


# --- index -----------------------------------------------------------------------------------


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def index(request):
    org = request.organisation
    registers = RiskRegister.objects.for_org(org).annotate(risk_count=Count("risks")).order_by("-fiscal_year")
    plans = ActionPlan.objects.for_org(org).annotate(project_count=Count("projects")).order_by("-fiscal_year")
    year = fiscal_year_of(timezone.localdate())
    return render(request, "integrity/index.html", {
        "registers": registers[:20], "plans": plans[:20], "form": YearForm(initial={"fiscal_year": year}),
        "can_manage": request.user.has_perm("integrity.manage_integrity"),
    })  # fmt: skip


def _create_for_year(request, model, label):
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a fiscal year between 2560 and 2700."))
        return None
    try:
        with transaction.atomic():
            row = model.objects.create(
                organisation=request.organisation, fiscal_year=form.cleaned_data["fiscal_year"]
            )
    except IntegrityError:
        row = model.objects.for_org(request.organisation).get(fiscal_year=form.cleaned_data["fiscal_year"])
        messages.info(request, _("%(what)s for this fiscal year already exists.") % {"what": label})
    return row


@login_required
@permission_required("integrity.manage_integrity", raise_exception=True)
def register_create(request):
    if refused := _post_only(request):
        return refused
    register = _create_for_year(request, RiskRegister, _("The risk register"))
    return (
        redirect("integrity:register", risk_register_id=register.pk)
        if register
        else redirect("integrity:index")
    )


@login_required
@permission_required("integrity.manage_integrity", raise_exception=True)
def action_plan_create(request):
    if refused := _post_only(request):
        return refused
    plan = _create_for_year(request, ActionPlan, _("The action plan"))
    return redirect("integrity:action_plan", action_plan_id=plan.pk) if plan else redirect("integrity:index")


# --- the register ------------------------------------------------------------------------------


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def register(request, risk_register_id):
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    risks = reports.risks_of(register)
    editable = access.units_user_edits(request.user)
    can_edit = request.user.has_perm("integrity.edit_risks")
    for risk in risks:
        risk.can_edit = can_edit and (editable is None or risk.owner_unit_id in editable)
    return render(request, "integrity/register.html", {
        "register": register, "risks": risks, **_maps(risks),
        "can_edit": can_edit and register.state == RegisterState.DRAFT,
        "can_follow_up": can_edit,
        "can_approve": request.user.has_perm("integrity.approve_register"),
        "can_manage": request.user.has_perm("integrity.manage_integrity"),
    })  # fmt: skip


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def register_heatmap(request, risk_register_id):
    """The heat map alone as an SVG file (`?kind=residual` for the residual map), for reports."""
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    maps = _maps(reports.risks_of(register))
    kind = "residual" if request.GET.get("kind") == "residual" else "inherent"
    response = HttpResponse(maps[f"{kind}_svg"], content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="heatmap-{register.fiscal_year}-{kind}.svg"'
    return response


@login_required
@permission_required("integrity.approve_register", raise_exception=True)
def register_transition(request, risk_register_id):
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    if refused := _post_only(request):
        return refused
    action = request.POST.get("action", "")
    try:
        workflow.transition(register.pk, action, user=request.user)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The register is approved.") if action == workflow.APPROVE
                         else _("The register is open for changes again."))  # fmt: skip
    return redirect("integrity:register", risk_register_id=register.pk)


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def risk_add(request, risk_register_id):
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    if register.state != RegisterState.DRAFT:
        messages.error(request, _("The register is approved; the clerk must reopen it before risks change."))
        return redirect("integrity:register", risk_register_id=register.pk)
    last = (
        Risk.objects.for_org(register.organisation).filter(register=register).aggregate(n=Max("number"))["n"]
    )
    form = RiskForm(request.POST or None, user=request.user, organisation=request.organisation,
                    initial={"number": (last or 0) + 1})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        risk.organisation, risk.register = request.organisation, register
        risk.save()
        messages.success(
            request,
            _("Risk %(n)s is added at level %(level)s.") % {"n": risk.number, "level": risk.level.label},
        )
        return redirect("integrity:register", risk_register_id=register.pk)
    return render(request, "integrity/risk_form.html", {"form": form, "register": register})


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def risk_edit(request, risk_id):
    risk = get_for_org_or_404(Risk, request.organisation, pk=risk_id)
    _require_row(request.user, risk.owner_unit_id)
    register = risk.register
    if register.state != RegisterState.DRAFT:
        messages.error(request, _("The register is approved; the clerk must reopen it before risks change."))
        return redirect("integrity:register", risk_register_id=register.pk)
    form = RiskForm(request.POST or None, instance=risk, user=request.user, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Risk %(n)s is saved.") % {"n": risk.number})
        return redirect("integrity:register", risk_register_id=register.pk)
    return render(request, "integrity/risk_form.html", {"form": form, "register": register, "risk": risk})


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def risk_delete(request, risk_id):
    risk = get_for_org_or_404(Risk, request.organisation, pk=risk_id)
    if refused := _post_only(request):
        return refused
    _require_row(request.user, risk.owner_unit_id)
    if risk.register.state != RegisterState.DRAFT:
        messages.error(request, _("The register is approved; the clerk must reopen it before risks change."))
    elif risk.follow_ups.exists() or risk.projects.exists():
        messages.error(request, _("This risk has follow-ups or projects and cannot be removed."))
    else:
        risk.delete()
        messages.success(request, _("The risk is removed."))
    return redirect("integrity:register", risk_register_id=risk.register_id)


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def follow_up_add(request, risk_id):
    risk = get_for_org_or_404(Risk, request.organisation, pk=risk_id)
    _require_row(request.user, risk.owner_unit_id)
    return _follow_up_form(
        request, risk, RiskFollowUp(organisation=request.organisation, risk=risk, author=request.user)
    )


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def follow_up_edit(request, risk_follow_up_id):
    follow_up = get_for_org_or_404(RiskFollowUp, request.organisation, pk=risk_follow_up_id)
    _require_row(request.user, follow_up.risk.owner_unit_id)
    return _follow_up_form(request, follow_up.risk, follow_up)


def _follow_up_form(request, risk, follow_up):
    form = FollowUpForm(request.POST or None, instance=follow_up, risk=risk, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.author = request.user
        saved.save()
        messages.success(
            request,
            _("The follow-up is saved; the residual level is %(level)s.") % {"level": saved.level.label},
        )
        return redirect("integrity:register", risk_register_id=risk.register_id)
    return render(
        request, "integrity/follow_up_form.html", {"form": form, "risk": risk, "follow_up": follow_up}
    )


# --- the report --------------------------------------------------------------------------------


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def register_report(request, risk_register_id):
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    risks = reports.risks_of(register)
    try:
        item = publishing.risk_item_code(register.fiscal_year)
    except ValueError as exc:
        item, item_error = "", str(exc)
    else:
        item_error = ""
    return render(request, "integrity/report.html", {
        "register": register, "risks": risks, **_maps(risks), "item": item, "item_error": item_error,
        "can_publish": (
            request.user.has_perm("integrity.manage_integrity") and register.state == RegisterState.APPROVED
        ),
    })  # fmt: skip


def _download(request, content_for, row, stem: str, back):
    kind = "docx" if request.GET.get("format") == "docx" else "pdf"
    try:
        made = document.files(
            content_for(row, getattr(request.user, "person", None), timezone.localdate()), stem
        )
    except RenderError as exc:
        messages.error(request, str(exc))
        return back
    response = HttpResponse(made[kind], content_type="application/pdf" if kind == "pdf" else DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def register_document(request, risk_register_id):
    """The report as the official memo with its attachment: `?format=pdf|docx`."""
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    back = redirect("integrity:register_report", risk_register_id=register.pk)
    return _download(
        request, document.risk_content, register, f"risk-assessment-{register.fiscal_year}", back
    )


@login_required
@permission_required("integrity.manage_integrity", raise_exception=True)
def register_publish(request, risk_register_id):
    register = get_for_org_or_404(RiskRegister, request.organisation, pk=risk_register_id)
    if refused := _post_only(request):
        return refused
    try:
        publication = publishing.publish_register(register, request.user, timezone.localdate())
    except (ValueError, RenderError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The report is published under OIT item %(code)s.") % {"code": publication.item.code.upper()},
        )
    return redirect("integrity:register_report", risk_register_id=register.pk)


# --- the action plan ---------------------------------------------------------------------------


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def action_plan(request, action_plan_id):
    plan = get_for_org_or_404(ActionPlan, request.organisation, pk=action_plan_id)
    today = timezone.localdate()
    projects = reports.projects_of(plan, today)
    editable = access.units_user_edits(request.user)
    can_edit = request.user.has_perm("integrity.edit_risks")
    for project in projects:
        project.can_edit = can_edit and (editable is None or project.owner_unit_id in editable)
    try:
        item = publishing.plan_item_code(plan.fiscal_year)
    except ValueError as exc:
        item, item_error = "", str(exc)
    else:
        item_error = ""
    return render(request, "integrity/action_plan.html", {
        "plan": plan, "projects": projects, "budget": sum((p.budget for p in projects), start=0),
        "can_edit": can_edit, "can_manage": request.user.has_perm("integrity.manage_integrity"),
        "item": item, "item_error": item_error,
    })  # fmt: skip


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def project_add(request, action_plan_id):
    plan = get_for_org_or_404(ActionPlan, request.organisation, pk=action_plan_id)
    last = Project.objects.for_org(plan.organisation).filter(action_plan=plan).aggregate(n=Max("number"))["n"]
    return _project_form(request, plan, None, initial={"number": (last or 0) + 1})


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def project_edit(request, project_id):
    project = get_for_org_or_404(Project, request.organisation, pk=project_id)
    _require_row(request.user, project.owner_unit_id)
    return _project_form(request, project.action_plan, project)


def _project_form(request, plan, project, initial=None):
    form = ProjectForm(request.POST or None, instance=project, plan=plan, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Project %(n)s is saved.") % {"n": saved.number})
        return redirect("integrity:action_plan", action_plan_id=plan.pk)
    return render(request, "integrity/project_form.html", {"form": form, "plan": plan, "project": project})


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def project_delete(request, project_id):
    project = get_for_org_or_404(Project, request.organisation, pk=project_id)
    if refused := _post_only(request):
        return refused
    _require_row(request.user, project.owner_unit_id)
    if project.progress_entries.exists():
        messages.error(request, _("This project has progress reports and cannot be removed."))
    else:
        project.delete()
        messages.success(request, _("The project is removed."))
    return redirect("integrity:action_plan", action_plan_id=project.action_plan_id)


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def progress_add(request, project_id):
    project = get_for_org_or_404(Project, request.organisation, pk=project_id)
    _require_row(request.user, project.owner_unit_id)
    entry = ProjectProgress(organisation=request.organisation, project=project, author=request.user)
    return _progress_form(request, project, entry)


@login_required
@permission_required("integrity.edit_risks", raise_exception=True)
def progress_edit(request, project_progress_id):
    entry = get_for_org_or_404(ProjectProgress, request.organisation, pk=project_progress_id)
    _require_row(request.user, entry.project.owner_unit_id)
    return _progress_form(request, entry.project, entry)


def _progress_form(request, project, entry):
    form = ProgressForm(request.POST or None, instance=entry, project=project, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.author = request.user
        saved.save()
        messages.success(request, _("The progress report is saved."))
        return redirect("integrity:action_plan", action_plan_id=project.action_plan_id)
    return render(request, "integrity/progress_form.html", {"form": form, "project": project, "entry": entry})


@login_required
@permission_required("integrity.view_integrity", raise_exception=True)
def action_plan_document(request, action_plan_id):
    plan = get_for_org_or_404(ActionPlan, request.organisation, pk=action_plan_id)
    back = redirect("integrity:action_plan", action_plan_id=plan.pk)
    return _download(request, document.plan_content, plan, f"anti-corruption-plan-{plan.fiscal_year}", back)


@login_required
@permission_required("integrity.manage_integrity", raise_exception=True)
def action_plan_publish(request, action_plan_id):
    plan = get_for_org_or_404(ActionPlan, request.organisation, pk=action_plan_id)
    if refused := _post_only(request):
        return refused
    try:
        publication = publishing.publish_plan(plan, request.user, timezone.localdate())
    except (ValueError, RenderError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The plan is published under OIT item %(code)s.") % {"code": publication.item.code.upper()},
        )
    return redirect("integrity:action_plan", action_plan_id=plan.pk)


# --- public pages: only what has been published -------------------------------------------------


def public_index(request, org_slug):
    organisation = public_organisation(org_slug)
    registers = RiskRegister.objects.for_org(organisation).filter(published=True).order_by("-fiscal_year")
    plans = ActionPlan.objects.for_org(organisation).filter(published=True).order_by("-fiscal_year")
    # the years whose procurement summaries were imported: their red-flag indicators (redflag_views)
    redflag_years = (
        ProcurementSummary.objects.for_org(organisation).filter(month__gt=0)
        .values_list("year", flat=True).distinct().order_by("-year")[:10]
    )  # fmt: skip
    return render(request, "integrity/public_index.html", {
        "organisation": organisation, "registers": registers[:20], "plans": plans[:20],
        "redflag_years": list(redflag_years),
    })  # fmt: skip


def public_register(request, org_slug, year):
    organisation = public_organisation(org_slug)
    register = RiskRegister.objects.for_org(organisation).filter(fiscal_year=year, published=True).first()
    if register is None:
        raise Http404(_("There is no published risk assessment for fiscal year %(fy)s.") % {"fy": year})
    risks = reports.risks_of(register)
    context = {"organisation": organisation, "register": register, "risks": risks, **_maps(risks)}
    return render(request, "integrity/public_register.html", context)


def public_action_plan(request, org_slug, year):
    organisation = public_organisation(org_slug)
    plan = ActionPlan.objects.for_org(organisation).filter(fiscal_year=year, published=True).first()
    if plan is None:
        raise Http404(_("There is no published action plan for fiscal year %(fy)s.") % {"fy": year})
    projects = reports.projects_of(plan, timezone.localdate())
    return render(request, "integrity/public_action_plan.html", {
        "organisation": organisation, "plan": plan, "projects": projects,
        "budget": sum((p.budget for p in projects), start=0),
    })  # fmt: skip
