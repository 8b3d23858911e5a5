"""Public read endpoints: what the public pages show, by machine. No login, no token.

Lists are paginated (`page`, `page_size` ≤ 100) and cost a fixed number of queries whatever
the page size: the organisation, the count, the page (and one query per prefetched relation).
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from prongsai.api import data, exports
from prongsai.api.caching import cache_headers
from prongsai.api.schemas import (
    ComplaintStatisticsOut,
    ConsultationPage,
    Error,
    FiscalYearPath,
    FiscalYearQuery,
    ItaAnalysisOut,
    ItaResultPage,
    OitReadinessOut,
    OrganisationOut,
    OrganisationPage,
    OrganisationQuery,
    PageQuery,
    PlanPage,
    PlanProgressOut,
    ProcurementPage,
    ProcurementQuery,
    ProcurementTotalsOut,
    PropertyStatisticsOut,
    PublicationOut,
    PublicationPage,
    PublicationQuery,
    ValidationErrors,
    YearPageQuery,
)
from prongsai.core.models import Organisation
from prongsai.disclosure import catalogue, procurement
from prongsai.disclosure.models import Item
from prongsai.ita.models import Result
from prongsai.ita.results import known_years
from prongsai.plans.models import Plan

router = Router(tags=["public"])
BINARY = {"type": "string", "format": "binary"}


def answers(ok, *more: int) -> dict:
    """The documented answers of a public endpoint: its result, and the errors it can give."""
    return {200: ok, 404: Error, 422: ValidationErrors, 429: Error, **{code: Error for code in more}}


def organisation_or_404(org_slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None:
        raise HttpError(404, f"ไม่มีหน่วยงาน “{org_slug}” (no organisation “{org_slug}”)")
    return organisation


def page_of(queryset, query: PageQuery, convert) -> dict:
    """One page of rows: a count and a slice, so the cost does not grow with the page size."""
    offset = (query.page - 1) * query.page_size
    rows = [convert(row) for row in queryset[offset : offset + query.page_size]]
    return {"count": queryset.count(), "page": query.page, "page_size": query.page_size, "results": rows}


def base_url(request) -> str:
    return request.build_absolute_uri("/")


@router.get("/organisations", response=answers(OrganisationPage), url_name="organisations")
def organisations(request, query: Query[OrganisationQuery]):
    """Every organisation on this server, filterable by province and type."""
    rows = Organisation.objects.order_by("slug")
    if query.province:
        rows = rows.filter(province=query.province)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    return page_of(rows, query, lambda o: o)


@router.get("/organisations/{org_slug}", response=answers(OrganisationOut), url_name="organisation")
def organisation(request, org_slug: str):
    return organisation_or_404(org_slug)


@router.get("/organisations/{org_slug}/ita/results", response=answers(ItaResultPage), url_name="ita_results")
def ita_results(request, org_slug: str, query: Query[YearPageQuery]):
    """The organisation's ITA results, newest first, as computed by the scoring rules."""
    rows = Result.objects.for_org(organisation_or_404(org_slug)).order_by("-year")
    if query.year is not None:
        rows = rows.filter(year=query.year)
    return page_of(rows, query, data.ita_result)


@router.get(
    "/organisations/{org_slug}/ita/results/{int:year}",
    response=answers(ItaAnalysisOut),
    url_name="ita_analysis",
)
def ita_analysis(request, org_slug: str, year: FiscalYearPath):
    """One year's result with its analysis: weak points, change on last year, peers, measures."""
    organisation = organisation_or_404(org_slug)
    result = Result.objects.for_org(organisation).select_related("organisation").filter(year=year).first()
    if result is None:
        raise HttpError(404, f"ไม่มีผล ITA ปี {year} (no ITA result for {year})")
    return data.ita_analysis(result)


@router.get(
    "/organisations/{org_slug}/oit/{int:year}", response=answers(OitReadinessOut), url_name="oit_year"
)
def oit_year(request, org_slug: str, year: FiscalYearPath):
    """The year's OIT items and whether each has a published document (the readiness check)."""
    organisation = organisation_or_404(org_slug)
    items = list(Item.objects.for_org(organisation).filter(year=year))
    if not items and year not in known_years():  # a year in range answers, with no items yet
        raise HttpError(404, f"ไม่มีรายการ OIT ปี {year} (no OIT items for {year})")
    return catalogue.readiness(organisation, year, items).to_dict()


@router.get(
    "/organisations/{org_slug}/publications", response=answers(PublicationPage), url_name="publications"
)
def publications(request, org_slug: str, query: Query[PublicationQuery]):
    """Published documents, links and texts under OIT items; scheduled ones appear when due."""
    organisation = organisation_or_404(org_slug)
    rows = data.publications(organisation)
    if query.year is not None:
        rows = rows.filter(item__year=query.year)
    if query.item:
        rows = rows.filter(item__code=query.item.strip().lower())
    base = base_url(request)
    return page_of(rows, query, lambda p: data.publication(p, organisation, base))


@router.get(
    "/organisations/{org_slug}/publications/{int:publication_id}",
    response=answers(PublicationOut),
    url_name="publication",
)
def publication(request, org_slug: str, publication_id: int):
    organisation = organisation_or_404(org_slug)
    row = data.publications(organisation).filter(pk=publication_id).first()
    if row is None:
        raise HttpError(404, "ไม่มีเอกสารนี้ (no such publication)")
    return data.publication(row, organisation, base_url(request))


@router.get(
    "/organisations/{org_slug}/procurement/{int:year}",
    response=answers(ProcurementPage),
    url_name="procurement_lines",
)
def procurement_lines(request, org_slug: str, year: FiscalYearPath, query: Query[ProcurementQuery]):
    """Lines of the annual plan (month 0) and the monthly summaries (แบบ สขร.๑) of a fiscal year."""
    rows = data.procurement_lines(organisation_or_404(org_slug), year)
    if query.month is not None:
        rows = rows.filter(summary__month=query.month)
    return page_of(rows, query, data.procurement_line)


@router.get(
    "/organisations/{org_slug}/procurement/{int:year}/totals",
    response=answers(ProcurementTotalsOut),
    url_name="procurement_totals",
)
def procurement_totals(request, org_slug: str, year: FiscalYearPath):
    """The annual procurement report: count, budget and agreed price per method."""
    return data.procurement_totals(organisation_or_404(org_slug), year)


@router.get(
    "/organisations/{org_slug}/procurement/{int:year}/ocds",
    response=answers(dict),
    url_name="procurement_ocds",
)
def procurement_ocds(request, org_slug: str, year: FiscalYearPath):
    """The year's procurement as an OCDS 1.1 release package."""
    organisation = organisation_or_404(org_slug)
    return procurement.ocds_package(organisation, year, request.build_absolute_uri())


@router.get(
    "/organisations/{org_slug}/complaints/statistics",
    response=answers(ComplaintStatisticsOut),
    url_name="complaint_statistics",
)
def complaint_statistics(request, org_slug: str, query: Query[FiscalYearQuery]):
    """Counts only, with numbers below 3 shown as “< 3”; no complaint's content, ever."""
    return data.complaint_statistics(organisation_or_404(org_slug), query.fiscal_year)


@router.get(
    "/organisations/{org_slug}/property/statistics",
    response=answers(PropertyStatisticsOut),
    url_name="property_statistics",
)
def property_statistics(request, org_slug: str, query: Query[FiscalYearQuery]):
    """Use of government property per category in a fiscal year (counts, no names)."""
    return data.property_statistics(organisation_or_404(org_slug), query.fiscal_year)


@router.get(
    "/organisations/{org_slug}/consultations", response=answers(ConsultationPage), url_name="consultations"
)
def consultations(request, org_slug: str, query: Query[YearPageQuery]):
    """Published consultations and their outcomes (“you said, we did”)."""
    rows = data.consultations(organisation_or_404(org_slug), query.year)
    return page_of(rows, query, data.consultation)


@router.get("/organisations/{org_slug}/plans", response=answers(PlanPage), url_name="plans")
def plans(request, org_slug: str, query: Query[PageQuery]):
    """Published integrity measures plans."""
    return page_of(data.plans(organisation_or_404(org_slug)), query, data.plan_summary)


@router.get("/organisations/{org_slug}/plans/{int:year}", response=answers(PlanProgressOut), url_name="plan")
def plan(request, org_slug: str, year: FiscalYearPath):
    """A published plan's progress: each step's status and progress as a supervisor accepted it."""
    organisation = organisation_or_404(org_slug)
    row = Plan.objects.for_org(organisation).filter(fiscal_year=year, published=True).first()
    if row is None:
        raise HttpError(404, f"ไม่มีแผนที่เผยแพร่ของปี {year} (no published plan for {year})")
    return data.plan_progress(row)


@router.get(
    "/organisations/{org_slug}/export/{int:year}",
    response={200: None, 400: Error, 404: Error, 422: ValidationErrors, 429: Error},
    url_name="export",
    openapi_extra={
        "responses": {
            200: {
                "description": "the data of the year as a file",
                "content": {
                    t: {"schema": {"type": "object"} if "json" in t else BINARY}
                    for t in exports.CONTENT_TYPES.values()
                },
            }
        }
    },
)  # fmt: skip
def export(request, org_slug: str, year: FiscalYearPath, query: Query[exports.ExportQuery]):
    """Bulk download of one organisation's public data for a year: CSV (a ZIP of CSVs for all
    datasets), XLSX (one sheet per dataset) or JSON."""
    organisation = organisation_or_404(org_slug)
    try:
        content, content_type, filename = exports.export(
            organisation, year, query.format, query.dataset, base_url(request)
        )
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cache_headers(request, response)
