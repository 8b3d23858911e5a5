"""ITA pages: results by year, entry by form or paste, the analysis and imports.

The framework pages are in framework_views.py.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from prongsai.core import jobs
from prongsai.core.access import organisation_of
from prongsai.core.models import Job
from prongsai.core.views import public_organisation
from prongsai.ita import charts, official, results, tabular, tasks
from prongsai.ita.forms import ImportForm, PasteForm, ResultForm
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import Result, Source

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


def _result_of_year(organisation, year: int) -> tuple[Result, list[Result]]:
    """The year's result and the organisation's whole history (the charts need it), one query."""
    history = results.history_of(organisation)
    result = next((r for r in history if r.year == year), None)
    if result is None:
        raise Http404("No Result matches the given query.")  # get_object_or_404's own words
    return result, history


def _analysis_context(result: Result, history: list[Result], *, public: bool) -> dict:
    found = results.analyse(result, history)
    indicators = found.framework.indicators
    history = [r for r in found.history if r.year <= result.year]
    language, kind = get_language(), result.organisation.kind
    scores, pass_mark = result.scores, found.framework.grading.pass_mark
    changes = {c.indicator: c.delta for c in found.changes}
    # Measures adopted after ITA year Y run in fiscal year Y + 1 (the seed: ITA 2564 → FY 2565).
    measures = [(m, m.period_th(result.year + 1)) for m in found.measures]
    return {
        "a": found,
        "public": public,
        "unverified": "" if public else _unverified_html(found.framework, language),
        "paragraphs": [
            (_weak_heading(w, language), text, _issues_html(w.issues, public, language))
            for w, text in found.paragraphs
        ],
        "measure_rows": [] if public else [_measure_row(m, period, kind, language) for m, period in measures],
        "headline": official.headline(result, found.checked, found.framework),
        # Each row as (cells, score, pass or fail, change): what the template prints, made in one pass.
        "rows": [
            (
                _fragment("ita/_indicator_cells.html", language, indicator=i, public=public),
                _shown(scores[i.code]),
                _fragment("ita/_pass_badge.html", language, passed=scores[i.code] >= pass_mark),
                _change(changes.get(i.code)),
            )
            for i in indicators
        ],
        "radar": charts.radar_chart(
            [i.name_th for i in indicators],
            [scores[i.code] for i in indicators],
            title=_("The ten ITA indicators, %(year)s") % {"year": result.year},
        ),
        "oit_subindicators": _recorded_subindicators(found),
        "measures": measures,
        "bars": charts.bar_chart(
            [str(r.year) for r in history],
            [r.reported_total if r.reported_total is not None else r.total for r in history],  # as published
            title=_("ITA total by year"),
        ),
    }


def _shown(value) -> str:
    """A score as the template prints a number (`localize`: Thai and English both write "75.87"),
    made once here: the rows print many, and the template's number formatting is its slowest part."""
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def _change(delta: Decimal | None) -> str:
    if delta is None:
        return "—"
    return f"+{delta:f}" if delta > 0 else f"{delta:f}"


def _weak_heading(w, language: str) -> str:
    """`4. การใช้ทรัพย์สินของราชการ — 63.35`, then its badges (a fragment every page shares)."""
    flags = {"below": w.below_pass_mark, "lowest": w.lowest_in_group, "group": w.group}
    badges = _fragment("ita/_weak_badges.html", language, **flags)
    return format_html("{}. {} — {}{}", w.indicator, w.name_th, _shown(w.score), badges)


@functools.lru_cache(maxsize=64)
def _unverified_notice(year: int, parts: tuple, language: str) -> str:
    framework = {"year": year, "unverified_parts": dict(parts)}
    return render_to_string("ita/_unverified.html", {"framework": framework})


def _unverified_html(framework, language: str) -> str:
    # What the notice shows is the whole key: every organisation's page of a year shares it.
    return _unverified_notice(framework.year, tuple(framework.unverified_parts.items()), language)


@functools.lru_cache(maxsize=4096)
def _fragment(template_name: str, language: str, **context) -> str:
    """A part of the analysis page that thousands of pages share (a weak point's questions, a
    proposed measure's row), rendered once per content and language. The arguments are the whole
    key: a changed framework or library gives other objects, so an entry cannot show stale text."""
    return render_to_string(template_name, context)


def _issues_html(issues: tuple, public: bool, language: str) -> str:
    # Decimal("85.0") == Decimal("85.00") yet they print differently: the printed scores join the key.
    printed = tuple(str(issue.score) for issue in issues)
    return _fragment("ita/_issues.html", language, issues=issues, public=public, printed=printed)


MEASURE_ROW_FIELDS = ("number", "title_th", "unverified", "steps_th", "unit_th", "follow_up_th")


def _measure_row(m, period: str, kind: str, language: str) -> str:
    # Only what the row shows is the key: the weak points a measure covers differ from page to page.
    shown = {field: getattr(m, field) for field in MEASURE_ROW_FIELDS}
    return _fragment("ita/_measure_row.html", language, period=period, kind=kind, **shown)


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
    result, history = _result_of_year(request.organisation, year)
    return render(request, "ita/analysis.html", _analysis_context(result, history, public=False))


@cache_control(public=True, max_age=300)
def public_results(request, org_slug):
    organisation = public_organisation(org_slug)
    rows = Result.objects.for_org(organisation).order_by("-year")
    return render(request, "ita/public_results.html", {"organisation": organisation, "results": rows})


@cache_control(public=True, max_age=300)
def public_analysis(request, org_slug, year):
    # The organisation comes with its results (one query); alone only to say which one is missing.
    history = results.history_at(org_slug)
    result = next((r for r in history if r.year == year), None)
    if result is None:
        public_organisation(org_slug)
        raise Http404("No Result matches the given query.")  # get_object_or_404's own words
    organisation = result.organisation
    context = {**_analysis_context(result, history, public=True), "organisation": organisation}
    return render(request, "ita/public_analysis.html", context)


@login_required
@permission_required("ita.view_results", raise_exception=True)
def export(request):
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        raise Http404
    organisation = organisation_of(request)
    rows = results.export_rows(Result.objects.for_org(organisation))
    response = HttpResponse(tabular.write_rows(rows, kind), content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="ita-{organisation.slug}.{kind}"'
    return response


@login_required
@permission_required("ita.import_results", raise_exception=True)
def import_results(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.start(
            tasks.import_results,
            kind="ita.import",
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
