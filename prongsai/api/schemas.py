"""Shapes of what the API answers; the OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from ninja.params import P, PathEx

# Every fiscal year in an API address, bounded: a huge number is a 422 with the range, never a crash.
FiscalYearPath = PathEx[int, P(ge=2500, le=2700, description="fiscal year (B.E.)")]


# Text that reaches the database: PostgreSQL cannot store a NUL character, so it is a 422 here.
NO_NUL = r"^[^\x00]*$"


class Error(Schema):
    detail: str


class ImportErrors(Schema):
    detail: str
    errors: list[str]


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100000, description="page number, from 1")
    page_size: int = Field(25, ge=1, le=100, description="rows per page, at most 100")


class YearPageQuery(PageQuery):
    year: int | None = Field(None, ge=2500, le=2700, description="fiscal year (B.E.)")


class Page(Schema):
    count: int
    page: int
    page_size: int


class OrganisationOut(Schema):
    slug: str
    name_th: str
    name_en: str
    kind: str
    province: str
    district: str
    official_code: str
    website: str


class OrganisationPage(Page):
    results: list[OrganisationOut]


class OrganisationQuery(PageQuery):
    province: str = Field("", max_length=100, pattern=NO_NUL)
    kind: str = Field("", max_length=20, pattern=NO_NUL)


class ItaResultOut(Schema):
    year: int
    scores: dict[str, float] = Field(description="indicator number → score")
    total: float
    rating: str
    reported_total: float | None
    reported_rating: str
    mismatch: bool
    source: str


class ItaResultPage(Page):
    results: list[ItaResultOut]


class IssueOut(Schema):
    code: str
    text_th: str
    text_en: str


class WeakPointOut(Schema):
    indicator: int
    name_th: str
    name_en: str
    group: str
    score: float
    below_pass_mark: bool
    issues: list[IssueOut]


class ChangeOut(Schema):
    indicator: int
    previous: float | None
    current: float | None
    delta: float | None


class PeerOut(Schema):
    group: str
    count: int
    rank: int
    percentile: float


class MeasureProposalOut(Schema):
    code: str
    title_th: str
    title_en: str


class ItaAnalysisOut(Schema):
    result: ItaResultOut
    group_scores: dict[str, float]
    weak_points: list[WeakPointOut]
    changes: list[ChangeOut]
    peers: list[PeerOut]
    proposed_measures: list[MeasureProposalOut]


class OitItemOut(Schema):
    code: str
    title: str
    ready: bool


class OitReadinessOut(Schema):
    year: int
    items: list[OitItemOut]
    ready: int
    missing: int
    scores: dict[str, float]
    assumed_rule: bool
    predicted_total: float | None
    based_on_ita_year: int | None


class PublicationOut(Schema):
    id: int
    year: int
    item_code: str
    title: str
    kind: str
    url: str = Field(description="the link, or where the file is downloaded; empty for a text")
    file_type: str
    filename: str
    text: str
    publish_at: datetime
    period_start: date | None
    period_end: date | None
    supersedes: int | None


class PublicationPage(Page):
    results: list[PublicationOut]


class PublicationQuery(YearPageQuery):
    item: str = Field("", max_length=10, pattern=NO_NUL, description="OIT item code, e.g. o1")


class ProcurementLineOut(Schema):
    year: int
    month: int = Field(description="0 = the annual plan, 1-12 = calendar month")
    number: int
    project: str
    budget: float
    method: str
    bidders: str
    winner: str
    price: float | None
    reason: str
    contract_no: str
    contract_date: date | None


class ProcurementPage(Page):
    results: list[ProcurementLineOut]


class ProcurementQuery(PageQuery):
    month: int | None = Field(None, ge=0, le=12)


class MethodTotalOut(Schema):
    method: str
    count: int
    budget: float
    price: float | None


class ProcurementTotalsOut(Schema):
    year: int
    methods: list[MethodTotalOut]


class StatRowOut(Schema):
    label: str
    value: str = Field(description="a count, or “< 3” where a small number is hidden")
    code: str


class ComplaintStatisticsOut(Schema):
    fiscal_year: int
    total: str
    by_category: list[StatRowOut]
    by_state: list[StatRowOut]
    by_month: list[StatRowOut]
    years: list[StatRowOut]


class FiscalYearQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2500, le=2700, description="fiscal year (B.E.)")


class PropertyCategoryOut(Schema):
    category: str
    items: int
    loans: int
    late: int


class PropertyStatisticsOut(Schema):
    fiscal_year: int
    loans: int
    categories: list[PropertyCategoryOut]


class ThemeOut(Schema):
    title: str
    you_said: str
    answer: str
    we_did: str
    changed_on: date | None
    measure: str
    measure_url: str


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    opens_on: date
    closes_on: date
    measure: str
    measure_url: str
    published_comments: int
    themes: list[ThemeOut]


class ConsultationPage(Page):
    results: list[ConsultationOut]


class PlanSummaryOut(Schema):
    fiscal_year: int
    title: str
    published: bool
    measures: int


class PlanPage(Page):
    results: list[PlanSummaryOut]


class StepOut(Schema):
    text: str
    unit: str
    status: str
    progress: int


class MeasureOut(Schema):
    number: int
    title: str
    units: list[str]
    period: str
    progress: int
    steps: list[StepOut]


class PlanProgressOut(Schema):
    fiscal_year: int
    title: str
    months: int
    period_start: date
    period_end: date
    progress: int
    measures: list[MeasureOut]


class TokenOut(Schema):
    organisation: str
    name: str
    scopes: list[str]
    expires_at: datetime | None


class PublishedOut(Schema):
    id: int
    item_code: str
    year: int
    kind: str
    url: str


class ProcurementImportedOut(Schema):
    year: int
    month: int
    title: str
    lines: int


class ItaImportedOut(Schema):
    rows: int
    created: int
    updated: int
