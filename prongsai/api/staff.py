"""Staff endpoints for the organisation's other systems, by token (`Authorization: Bearer …`).

A token acts only inside its own organisation: every lookup is scoped by the token's
organisation, never by anything in the request, so another organisation's rows cannot be
named. Each write checks the token's scope and is logged in the audit log under the token's
name. No endpoint here reads complaints.
"""

from __future__ import annotations

from django.db import transaction
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import Field

from prongsai.api import data, throttle, tokens
from prongsai.api.models import ApiToken
from prongsai.api.public import page_of
from prongsai.api.schemas import (
    NO_NUL,
    Error,
    FiscalYearPath,
    ImportErrors,
    ItaImportedOut,
    PageQuery,
    PlanPage,
    PlanProgressOut,
    ProcurementImportedOut,
    PublishedOut,
    TokenOut,
    ValidationErrors,
)
from prongsai.core import audit
from prongsai.disclosure import procurement, publishing
from prongsai.ita import results, tabular
from prongsai.ita.models import Result, Source
from prongsai.plans.models import Plan

MAX_UPLOAD = 20 * 1024 * 1024
OPTIONAL_FILE = File(None)  # ninja's marker for an optional multipart file


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = tokens.authenticate(token)
        if found is None:
            throttle.refused_token(request)  # a wrong token spends the sender's address bucket
        return found


router = Router(tags=["staff"], auth=TokenAuth())


def answers(ok, *more: int, status: int = 200) -> dict:
    return {
        status: ok, 401: Error, 403: Error, 422: ValidationErrors, 429: Error,
        **{code: (ImportErrors if code == 400 else Error) for code in more},
    }  # fmt: skip


def token_with(request, scope: str) -> ApiToken:
    token: ApiToken = request.auth
    if scope not in token.scopes:
        raise HttpError(403, f"กุญแจนี้ไม่มีสิทธิ์ {scope} (this token lacks the {scope} scope)")
    return token


def _read(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise HttpError(413, "ไฟล์ใหญ่เกิน 20 MB (the file is larger than 20 MB)")
    return upload.read()


def rejected(message: str, errors: list[str]) -> Status:
    return Status(400, {"detail": message, "errors": errors})


@router.get("/token", response=answers(TokenOut), url_name="staff_token")
def whoami(request):
    """The organisation and scopes of the token used: for checking a set-up."""
    token: ApiToken = request.auth
    return {
        "organisation": token.organisation.slug,
        "name": token.name,
        "scopes": token.scopes,
        "expires_at": token.expires_at,
    }


class PublishForm(Schema):
    fiscal_year: int = Field(ge=2500, le=2700)
    item_code: str = Field(min_length=1, max_length=10, pattern=NO_NUL)
    title: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    url: str = Field("", max_length=500, pattern=NO_NUL)
    text: str = Field("", max_length=20000, pattern=NO_NUL)


@router.post("/publications", response=answers(PublishedOut, 400, 413, status=201), url_name="staff_publish")
def publish(request, form: Form[PublishForm], file: UploadedFile = OPTIONAL_FILE):
    """Publish a document (PDF, DOCX, XLSX), a link or a text under an OIT item of a fiscal year."""
    token = token_with(request, "disclosure:write")
    content = _read(file) if file is not None else None
    try:
        with audit.acting_as(token.audit_name):
            row = publishing.publish(
                token.organisation, fiscal_year=form.fiscal_year, item_code=form.item_code,
                title=form.title, content=content, filename=file.name if file is not None else "",
                url=form.url.strip(), text=form.text,
            )  # fmt: skip
    except ValueError as exc:
        return rejected(str(exc), [str(exc)])
    base = request.build_absolute_uri("/")
    return Status(
        201,
        {"id": row.pk, "item_code": row.item.code, "year": row.item.year, "kind": row.kind,
         "url": data.publication(row, token.organisation, base)["url"]},
    )  # fmt: skip


class ProcurementForm(Schema):
    year: int = Field(ge=2500, le=2700, description="fiscal year (B.E.)")
    month: int = Field(ge=0, le=12, description="0 = the annual plan, 1-12 = calendar month")


@router.post(
    "/procurement",
    response=answers(ProcurementImportedOut, 400, 413, status=201),
    url_name="staff_procurement",
)
def import_procurement(request, form: Form[ProcurementForm], file: File[UploadedFile]):
    """Import one month's procurement summary (แบบ สขร.๑, XLSX or CSV): all of it, or nothing."""
    token = token_with(request, "procurement:write")
    content = _read(file)
    with audit.acting_as(token.audit_name):
        found = procurement.import_file(token.organisation, form.year, form.month, content, file.name or "")
    if not found.ok:
        return rejected("นำเข้าไม่ได้ ไม่มีการบันทึก (not imported; nothing was stored)", found.errors)
    summary = found.summary
    return Status(
        201, {"year": summary.year, "month": summary.month, "title": summary.title, "lines": len(found.lines)}
    )


@router.post(
    "/ita/results", response=answers(ItaImportedOut, 400, 413, status=201), url_name="staff_ita_import"
)
def import_ita(request, file: File[UploadedFile]):
    """Import the organisation's own ITA results (CSV, XLSX or JSON, one row per year).

    Every row must carry this organisation's official code (or its address name): a token never
    writes another organisation's results. All rows are stored, or none."""
    token = token_with(request, "ita:write")
    content = _read(file)
    organisation = token.organisation
    try:
        raw = tabular.read_rows(content, file.name or "")
    except tabular.TableFileError as exc:
        return rejected("นำเข้าไม่ได้ ไม่มีการบันทึก (not imported; nothing was stored)",
                        [f"{exc.message_th} ({exc.message_en})"])  # fmt: skip
    clean, errors = tabular.validate_rows(raw, results.frameworks())
    own = {organisation.official_code, organisation.slug} - {""}
    messages = [
        f"แถว {e.row} {e.column}: {e.message_th} (row {e.row} {e.column}: {e.message_en})" for e in errors
    ]
    messages += [
        f"ปี {r.year}: รหัส {r.org_code} ไม่ใช่ของหน่วยงานนี้ (year {r.year}: {r.org_code} is not this organisation)"
        for r in clean
        if r.org_code not in own
    ]
    if messages:
        return rejected("นำเข้าไม่ได้ ไม่มีการบันทึก (not imported; nothing was stored)", messages)
    existing = set(Result.objects.for_org(organisation).values_list("year", flat=True))
    with transaction.atomic(), audit.acting_as(token.audit_name):
        for row in clean:
            results.save_result(
                organisation, row.year, row.scores, reported_total=row.reported_total,
                reported_rating=row.reported_grade, oit_items=row.oit_items, source=Source.IMPORT,
            )  # fmt: skip
    updated = sum(r.year in existing for r in clean)
    return Status(201, {"rows": len(clean), "created": len(clean) - updated, "updated": updated})


@router.get("/plans", response=answers(PlanPage), url_name="staff_plans")
def plans(request, query: Query[PageQuery]):
    """Every measures plan of the organisation, published or not."""
    token = token_with(request, "plans:read")
    return page_of(data.plans(token.organisation, published_only=False), query, data.plan_summary)


class PlanQuery(Schema):
    months: int = Field(
        12, ge=6, le=12, multiple_of=6, description="6 for the first half-year report, 12 for the whole year"
    )


@router.get("/plans/{int:year}", response=answers(PlanProgressOut, 404), url_name="staff_plan")
def plan(request, year: FiscalYearPath, query: Query[PlanQuery]):
    """A plan's status as accepted by supervisors, for the 6- or 12-month report."""
    token = token_with(request, "plans:read")
    row = Plan.objects.for_org(token.organisation).filter(fiscal_year=year).first()
    if row is None:
        raise HttpError(404, f"ไม่มีแผนปี {year} (no plan for {year})")
    return data.plan_progress(row, query.months)
