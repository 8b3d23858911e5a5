"""What the API reads, as plain rows: shared by the JSON endpoints and the bulk downloads.

Each function takes an organisation and returns dicts through the domain modules, so the API
publishes exactly what the public pages show: published publications only, accepted plan
progress only, complaint counts with small numbers hidden and never a complaint's text.
"""

from __future__ import annotations

from dataclasses import asdict

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import stats
from prongsai.disclosure import procurement
from prongsai.disclosure.models import ProcurementLine, Publication
from prongsai.ita import results
from prongsai.ita.models import Result
from prongsai.participation.models import Consultation, Theme
from prongsai.plans import reports as plan_reports
from prongsai.plans.models import Plan
from prongsai.property import reports as property_reports
from prongsai.property.models import LoanItem
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of


def _float(value):
    return float(value) if value is not None else None


def ita_result(result: Result) -> dict:
    return {
        "year": result.year,
        "scores": {str(k): float(v) for k, v in result.scores.items()},
        "total": float(result.total),
        "rating": result.rating,
        "reported_total": _float(result.reported_total),
        "reported_rating": result.reported_rating,
        "mismatch": result.mismatch,
        "source": result.source,
    }


def ita_analysis(result: Result) -> dict:
    found = results.analyse(result)
    return {
        "result": ita_result(result),
        "group_scores": {k: float(v) for k, v in found.checked.group_scores.items()},
        "weak_points": [
            {
                "indicator": w.indicator, "name_th": w.name_th, "name_en": w.name_en, "group": w.group,
                "score": float(w.score), "below_pass_mark": w.below_pass_mark,
                "issues": [{"code": i.code, "text_th": i.text_th, "text_en": i.text_en} for i in w.issues],
            }
            for w in found.weak_points
        ],
        "changes": [
            {"indicator": c.indicator, "previous": _float(c.previous), "current": _float(c.current),
             "delta": _float(c.delta)}
            for c in found.changes
        ],
        "peers": [{**p, "percentile": float(p["percentile"])} for p in found.peers],
        "proposed_measures": [
            {"code": m.code, "title_th": m.title_th, "title_en": m.title_en} for m in found.measures
        ],
    }  # fmt: skip


def publications(organisation, now=None):
    return (
        Publication.objects.for_org(organisation)
        .published(now)
        .select_related("item")
        .order_by("-publish_at", "-pk")
    )


def publication(p: Publication, organisation, base_url: str) -> dict:
    url = p.url
    if p.file:
        url = base_url.rstrip("/") + reverse(
            "disclosure_public:file", kwargs={"org_slug": organisation.slug, "publication_id": p.pk}
        )
    return {
        "id": p.pk, "year": p.item.year, "item_code": p.item.code, "title": p.title, "kind": p.kind,
        "url": url, "file_type": p.file_type, "filename": p.filename, "text": p.text,
        "publish_at": p.publish_at, "period_start": p.period_start, "period_end": p.period_end,
        "supersedes": p.supersedes_id,
    }  # fmt: skip


def procurement_lines(organisation, year: int):
    return (
        ProcurementLine.objects.for_org(organisation)
        .filter(summary__year=year)
        .select_related("summary")
        .order_by("summary__month", "number", "pk")
    )


def procurement_line(line: ProcurementLine) -> dict:
    return {
        "year": line.summary.year, "month": line.summary.month, "number": line.number,
        "project": line.project, "budget": float(line.budget), "method": line.method,
        "bidders": line.bidders, "winner": line.winner, "price": _float(line.price),
        "reason": line.reason, "contract_no": line.contract_no, "contract_date": line.contract_date,
    }  # fmt: skip


def procurement_totals(organisation, year: int) -> dict:
    rows = procurement.totals_by_method(organisation, year)
    return {
        "year": year,
        "methods": [
            {"method": r["method"], "count": r["count"], "budget": float(r["budget"] or 0),
             "price": _float(r["price"])}
            for r in rows
        ],
    }  # fmt: skip


def complaint_statistics(organisation, fiscal_year: int | None) -> dict:
    """Counts only, through `complaints.stats` (small numbers shown as “< 3”)."""
    return asdict(stats.statistics(organisation, fiscal_year))


def property_statistics(organisation, fiscal_year: int | None) -> dict:
    year = fiscal_year or fiscal_year_of(timezone.localdate())
    start, end = fiscal_year_bounds(year)
    loans = (
        LoanItem.objects.for_org(organisation)
        .filter(starts_on__lte=end, ends_on__gte=start, loan__state__in=property_reports.USED)
        .aggregate(n=Count("loan", distinct=True))["n"]
    )
    rows = property_reports.public_statistics(organisation, start, end)
    return {
        "fiscal_year": year,
        "loans": loans,
        "categories": [{**r, "category": str(r["category"])} for r in rows],
    }


def consultations(organisation, year: int | None = None):
    rows = Consultation.objects.for_org(organisation).filter(is_published=True)
    if year is not None:
        start, end = fiscal_year_bounds(year)
        rows = rows.filter(opens_on__gte=start, opens_on__lte=end)
    return (
        rows.annotate(published_comments=Count("comments", filter=Q(comments__status="published")))
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("pk")))
        .order_by("-opens_on", "-pk")
    )


def consultation(c: Consultation) -> dict:
    return {
        "id": c.pk, "title": c.title, "kind": c.kind, "description": c.description,
        "opens_on": c.opens_on, "closes_on": c.closes_on, "measure": c.measure,
        "measure_url": c.measure_url, "published_comments": c.published_comments,
        "themes": [
            {"title": t.title, "you_said": t.you_said, "answer": t.answer, "we_did": t.we_did,
             "changed_on": t.changed_on, "measure": t.measure, "measure_url": t.measure_url}
            for t in c.themes.all()
        ],
    }  # fmt: skip


def plans(organisation, *, published_only: bool = True):
    rows = Plan.objects.for_org(organisation)
    if published_only:
        rows = rows.filter(published=True)
    return rows.annotate(measure_count=Count("measures")).order_by("-fiscal_year")


def plan_summary(plan: Plan) -> dict:
    return {
        "fiscal_year": plan.fiscal_year,
        "title": plan.title,
        "published": plan.published,
        "measures": plan.measure_count,
    }


def plan_progress(plan: Plan, months: int = 12) -> dict:
    """Accepted progress only (`plans.reports`): what a supervisor has not accepted is not shown."""
    report = plan_reports.progress_report(plan, months)
    return {
        "fiscal_year": plan.fiscal_year, "title": plan.title, "months": months,
        "period_start": report.start, "period_end": report.end, "progress": report.progress,
        "measures": [
            {"number": m.number, "title": m.title, "units": m.units, "period": m.period_th,
             "progress": m.progress,
             "steps": [{"text": s.text, "unit": s.unit, "status": s.status, "progress": s.progress}
                       for s in m.steps]}
            for m in report.measures
        ],
    }  # fmt: skip
