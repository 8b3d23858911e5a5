"""ITA pages: results by year, entry by form or paste, the analysis, imports and the framework."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from prongsai.core import jobs
from prongsai.core.models import Job
from prongsai.core.views import public_organisation
from prongsai.ita import charts, results, tabular
from prongsai.ita.forms import DataOverrideForm, ImportForm, PasteForm, ResultForm
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import DataOverride, Result, Source

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _framework_or_404(year: int):
    try:
        return results.framework_for(year)
    except FrameworkError:
        raise Http404(_("There is no ITA framework for %(year)s.") % {"year": year}) from None


@login_required
@permission_required("ita.view_results", raise_exception=True)
def results_list(request):
    rows = Result.objects.for_org(request.organisation).order_by("-year")
    return render(request, "ita/results.html", {"results": rows, "years": results.known_years()})


@login_required
@permission_required("ita.edit_results", raise_exception=True)
def result_edit(request, year):
    framework = _framework_or_404(year)
    existing = Result.objects.for_org(request.organisation).filter(year=year).first()
    initial = _initial(existing) if existing else {}
    form = ResultForm(request.POST or None, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        results.save_result(
            request.organisation,
            year,
            form.scores(),
            reported_total=form.cleaned_data["reported_total"],
            reported_rating=form.cleaned_data["reported_rating"],
            oit_items=form.oit_items(),
            source=Source.FORM,
        )
        messages.success(request, _("The ITA %(year)s result is saved.") % {"year": year})
        return redirect("ita:analysis", year=year)
    return render(request, "ita/result_form.html", {"form": form, "framework": framework, "year": year})


def _initial(result: Result) -> dict:
    initial = {f"indicator_{n}": value for n, value in result.scores.items()}
    initial["reported_total"] = result.reported_total
    initial["reported_rating"] = result.reported_rating
    initial["oit_items"] = [code for code, accepted in result.oit_items.items() if accepted]
    return initial


@login_required
@permission_required("ita.edit_results", raise_exception=True)
def result_paste(request, year):
    framework = _framework_or_404(year)
    form = PasteForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        parsed = tabular.parse_pasted_table(form.cleaned_data["text"], framework)
        problems = parsed.errors
        if not problems:
            results.save_result(
                request.organisation,
                year,
                parsed.scores,
                reported_total=parsed.reported_total,
                reported_rating=parsed.reported_grade or "",
                source=Source.PASTE,
            )
            messages.success(request, _("The ITA %(year)s result is saved.") % {"year": year})
            return redirect("ita:analysis", year=year)
    return render(request, "ita/result_paste.html", {"form": form, "year": year, "problems": problems})


def _analysis_context(result: Result) -> dict:
    found = results.analyse(result)
    indicators = found.framework.indicators
    history = [r for r in found.history if r.year <= result.year]
    return {
        "a": found,
        "rows": [
            {
                "indicator": i,
                "score": result.scores[i.code],
                "passed": result.scores[i.code] >= found.framework.grading.pass_mark,
                "change": next((c.delta for c in found.changes if c.indicator == i.code), None),
            }
            for i in indicators
        ],
        "radar": charts.radar_chart(
            [i.name_th for i in indicators],
            [result.scores[i.code] for i in indicators],
            title=_("The ten ITA indicators, %(year)s") % {"year": result.year},
        ),
        "oit_subindicators": _recorded_subindicators(found),
        # Measures adopted after ITA year Y run in fiscal year Y + 1 (the seed: ITA 2564 → FY 2565).
        "measures": [(m, m.period_th(result.year + 1)) for m in found.measures],
        "bars": charts.bar_chart(
            [str(r.year) for r in history],
            [r.total for r in history],
            title=_("ITA total by year"),
        ),
    }


def _recorded_subindicators(found: results.Analysis) -> list:
    """Sub-indicator scores computed from the items, for sub-indicators whose items were all recorded."""
    recorded = set(found.result.oit_items)
    items = found.framework.oit_items
    return [
        (sub, found.oit[sub.code])
        for sub in found.framework.oit_subindicators
        if sub.code in found.oit and all(i.code in recorded for i in items if i.sub_indicator == sub.code)
    ]


@login_required
@permission_required("ita.view_results", raise_exception=True)
def analysis(request, year):
    result = get_object_or_404(
        Result.objects.for_org(request.organisation).select_related("organisation"), year=year
    )
    return render(request, "ita/analysis.html", {**_analysis_context(result), "public": False})


@cache_control(public=True, max_age=300)
def public_results(request, org_slug):
    organisation = public_organisation(org_slug)
    rows = Result.objects.for_org(organisation).order_by("-year")
    return render(request, "ita/public_results.html", {"organisation": organisation, "results": rows})


@cache_control(public=True, max_age=300)
def public_analysis(request, org_slug, year):
    organisation = public_organisation(org_slug)
    result = get_object_or_404(Result.objects.for_org(organisation).select_related("organisation"), year=year)
    context = {**_analysis_context(result), "public": True, "organisation": organisation}
    return render(request, "ita/public_analysis.html", context)


@login_required
@permission_required("ita.view_results", raise_exception=True)
def export(request):
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        raise Http404
    rows = results.export_rows(Result.objects.for_org(request.organisation))
    response = HttpResponse(tabular.write_rows(rows, kind), content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="ita-{request.organisation.slug}.{kind}"'
    return response


@login_required
@permission_required("ita.import_results", raise_exception=True)
def import_results(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.enqueue(
            "ita.import",
            upload=form.cleaned_data["file"],
            user=request.user,
            payload={"filename": form.cleaned_data["file"].name},
        )
        return redirect("ita:job", job_id=job.pk)
    return render(request, "ita/import.html", {"form": form})


@login_required
def job_status(request, job_id):
    """An import's progress; only the person who started it sees it. htmx polls the partial."""
    job = get_object_or_404(Job, pk=job_id, created_by=request.user, kind="ita.import")
    template = "ita/_job.html" if request.htmx else "ita/job.html"
    return render(request, template, {"job": job, "errors": job.result.get("errors", [])[:500]})


@login_required
def framework(request, year):
    framework = _framework_or_404(year)
    override = DataOverride.objects.filter(name=results.framework_name(year)).first()
    return render(request, "ita/framework.html", {"framework": framework, "override": override})


@login_required
@permission_required("ita.edit_framework", raise_exception=True)
def framework_edit(request, year):
    _framework_or_404(year)
    name = results.framework_name(year)
    override = DataOverride.objects.filter(name=name).first()
    initial_text = override.text if override else _shipped_text(year)
    form = DataOverrideForm(request.POST or None, year=year, initial={"text": initial_text})
    if request.method == "POST" and form.is_valid():
        DataOverride.objects.update_or_create(
            name=name, defaults={"text": form.cleaned_data["text"], "reason": form.cleaned_data["reason"]}
        )
        messages.success(request, _("The ITA %(year)s framework is corrected.") % {"year": year})
        return redirect(reverse("ita:framework", kwargs={"year": year}))
    return render(request, "ita/framework_edit.html", {"form": form, "year": year})


def _shipped_text(year: int) -> str:
    from prongsai.ita.framework import DATA_DIR

    path = DATA_DIR / f"ita-{year}.yaml"
    if not path.is_file():
        raise PermissionDenied
    return path.read_text(encoding="utf-8")
