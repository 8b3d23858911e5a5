"""Staff endpoints by token: scopes, writes through the domain modules, audit, nothing half-stored."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from prongsai.api.models import ApiToken
from prongsai.api.tests.factories import bearer, make_token
from prongsai.api.tokens import revoke
from prongsai.core.models import AuditEntry
from prongsai.disclosure.models import ProcurementSummary, Publication
from prongsai.disclosure.procurement import HEADINGS
from prongsai.disclosure.tests.factories import PDF, xlsx_bytes
from prongsai.ita import tabular
from prongsai.ita.models import Result
from prongsai.ita.tests.factories import seed_scores
from prongsai.plans.models import Plan

API = "/api/v1/staff"


@pytest.fixture(autouse=True)
def _english(english_messages):
    """Messages are read by their English part."""


def test_no_token_or_a_bad_one_is_unauthorised(client, org, secret):
    assert client.get(f"{API}/token").status_code == 401
    assert client.get(f"{API}/token", **bearer("ps_nothing_here")).status_code == 401
    assert client.get(f"{API}/token", **bearer(secret[:-2] + "xx")).status_code == 401
    body = client.get(f"{API}/token", **bearer(secret)).json()
    assert body["organisation"] == "org-a" and "plans:read" in body["scopes"]


def test_revoked_and_expired_tokens_stop_working(client, org):
    token, secret = make_token(org)
    revoke(token)
    assert client.get(f"{API}/token", **bearer(secret)).status_code == 401
    expired, secret = make_token(org, expires_at=timezone.now() + timedelta(minutes=1))
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"{API}/token", **bearer(secret)).status_code == 401


def test_use_is_stamped_on_the_token(client, org):
    token, secret = make_token(org)
    client.get(f"{API}/token", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_a_hash_of_the_secret_is_stored(org):
    token, secret = make_token(org)
    assert secret.split("_", 2)[2] not in token.secret_hash
    entry = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).get()
    assert entry.snapshot["secret_hash"].startswith("sha256:")


def test_a_token_without_the_scope_is_forbidden(client, org):
    _token, secret = make_token(org, scopes=["plans:read"])
    response = client.post(f"{API}/publications", {"fiscal_year": 2565, "item_code": "o1", "title": "x",
                           "url": "https://example.go.th"}, **bearer(secret))  # fmt: skip
    assert response.status_code == 403 and "disclosure:write" in response.json()["detail"]


def test_publish_a_link_and_a_file_audited_as_the_token(client, org, secret):
    response = client.post(
        f"{API}/publications",
        {"fiscal_year": 2565, "item_code": "O1", "title": "โครงสร้างองค์กร", "url": "https://bophloi.go.th/s"},
        **bearer(secret),
    )
    assert response.status_code == 201, response.content
    assert response.json()["item_code"] == "o1" and response.json()["url"] == "https://bophloi.go.th/s"
    upload = SimpleUploadedFile("แผน.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"{API}/publications",
        {"fiscal_year": 2565, "item_code": "o2", "title": "ข้อมูลผู้บริหาร", "file": upload},
        **bearer(secret),
    )
    assert response.status_code == 201, response.content
    row = Publication.objects.for_org(org).get(pk=response.json()["id"])
    assert row.file_type == "pdf" and response.json()["url"].endswith(f"/documents/{row.pk}/")
    entry = AuditEntry.objects.filter(object_type="disclosure.publication", object_id=str(row.pk)).get()
    assert entry.actor_name.startswith("api-token:") and entry.actor_id is None


def test_publish_refuses_bad_input_and_stores_nothing(client, org, secret):
    before = Publication.objects.count()
    response = client.post(
        f"{API}/publications", {"fiscal_year": 2565, "item_code": "o99", "title": "x", "url": "https://a.th"},
        **bearer(secret),
    )  # fmt: skip
    assert response.status_code == 400 and "no OIT item" in response.json()["detail"]
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"{API}/publications", {"fiscal_year": 2565, "item_code": "o1", "title": "x", "file": upload},
        **bearer(secret),
    )  # fmt: skip
    assert response.status_code == 400
    response = client.post(
        f"{API}/publications", {"fiscal_year": 2565, "item_code": "o1", "title": "x"}, **bearer(secret)
    )
    assert response.status_code == 400 and "give a file" in response.json()["detail"]
    assert Publication.objects.count() == before


def _procurement_file(rows):
    return SimpleUploadedFile("sor-kor-ror.xlsx", xlsx_bytes([HEADINGS, *rows]))


def test_import_a_procurement_summary(client, org, secret):
    rows = [[1, "จัดซื้อวัสดุสำนักงาน", "๑๒,๕๐๐", "เฉพาะเจาะจง", "ร้าน ก 12,000", "ร้าน ก", 12000, "ราคาต่ำสุด",
             "12/2565", "2022-03-01"]]  # fmt: skip
    response = client.post(
        f"{API}/procurement", {"year": 2565, "month": 3, "file": _procurement_file(rows)}, **bearer(secret)
    )
    assert response.status_code == 201, response.content
    assert response.json()["lines"] == 1
    summary = ProcurementSummary.objects.for_org(org).get(year=2565, month=3)
    assert summary.lines.get().budget == Decimal("12500")
    entry = AuditEntry.objects.filter(
        object_type="disclosure.procurementsummary", object_id=str(summary.pk)
    ).get()
    assert entry.actor_name.startswith("api-token:")


def test_a_bad_procurement_file_is_refused_whole_with_reasons(client, org, secret):
    rows = [[1, "ซ่อมถนน", "100", "เฉพาะเจาะจง"], [2, "", "abc", "เฉพาะเจาะจง"]]
    response = client.post(
        f"{API}/procurement", {"year": 2565, "month": 4, "file": _procurement_file(rows)}, **bearer(secret)
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any("row 3" in e for e in errors)
    assert not ProcurementSummary.objects.for_org(org).filter(year=2565, month=4).exists()


def _ita_file(code, years=(2565,)):
    rows = [tabular.ResultRow(code, "เทศบาลตำบลทดสอบ", "", "กาญจนบุรี", year, seed_scores()) for year in years]
    return SimpleUploadedFile("ita.csv", tabular.write_rows(rows, "csv"))


def test_import_the_organisations_own_ita_results(client, org, secret):
    response = client.post(
        f"{API}/ita/results", {"file": _ita_file("5710101", (2564, 2565))}, **bearer(secret)
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"rows": 2, "created": 1, "updated": 1}
    assert Result.objects.for_org(org).get(year=2565).indicator_1 == Decimal("85.59")
    entry = AuditEntry.objects.filter(object_type="ita.result", action="create").last()
    assert entry.actor_name.startswith("api-token:")


def test_an_ita_file_naming_another_organisation_stores_nothing(client, org, other_org, secret):
    before = Result.objects.for_org(other_org).get(year=2564).indicator_1
    response = client.post(
        f"{API}/ita/results", {"file": _ita_file("5710102", (2564, 2565))}, **bearer(secret)
    )
    assert response.status_code == 400
    assert all("not this organisation" in e for e in response.json()["errors"])
    assert Result.objects.for_org(other_org).get(year=2564).indicator_1 == before
    assert not Result.objects.filter(year=2565).exists()


def test_a_damaged_ita_file_is_reported(client, org, secret):
    upload = SimpleUploadedFile("ita.xlsx", b"PK\x03\x04 broken")
    response = client.post(f"{API}/ita/results", {"file": upload}, **bearer(secret))
    assert response.status_code == 400 and "damaged" in response.json()["errors"][0]


def test_plan_status_includes_unpublished_plans(client, org, secret):
    Plan.objects.create(organisation=org, fiscal_year=2566, title="แผนร่าง", published=False)
    body = client.get(f"{API}/plans", **bearer(secret)).json()
    assert [p["fiscal_year"] for p in body["results"]] == [2566, 2564]
    assert client.get(f"{API}/plans/2566", **bearer(secret)).json()["measures"] == []
    half = client.get(f"{API}/plans/2564", {"months": 6}, **bearer(secret)).json()
    assert half["months"] == 6 and half["period_end"] == "2021-03-31"
    assert client.get(f"{API}/plans/2564", {"months": 7}, **bearer(secret)).status_code == 422
    assert client.get(f"{API}/plans/2599", **bearer(secret)).status_code == 404


def test_staff_answers_are_never_cached(client, org, secret):
    response = client.get(f"{API}/plans", **bearer(secret))
    assert response["Cache-Control"] == "private, no-store" and "ETag" not in response


def test_token_requests_are_rate_limited_per_token(client, org, secret, settings):
    settings.API_TOKEN_RATE_PER_MINUTE = 2
    statuses = [client.get(f"{API}/token", **bearer(secret)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    _other, fresh = make_token(org)
    assert client.get(f"{API}/token", **bearer(fresh)).status_code == 200


def test_plan_status_costs_the_same_queries_whatever_the_page_size(client, org, secret):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for year in range(2570, 2578):
        Plan.objects.create(organisation=org, fiscal_year=year, title=f"แผน {year}")
    client.get(f"{API}/plans", **bearer(secret))
    counts = []
    for size in (5, 100):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"{API}/plans", {"page_size": size}, **bearer(secret))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_other_systems_post_without_a_csrf_cookie(org, secret):
    """A token is not a browser session: curl and e-Saraban send no CSRF cookie, and need none."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/publications",
        {"fiscal_year": 2565, "item_code": "o1", "title": "ลิงก์", "url": "https://a.go.th/x"},
        **bearer(secret),
    )
    assert response.status_code == 201


def test_a_file_over_20_mb_is_refused(client, org, secret):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    response = client.post(
        f"{API}/publications",
        {"fiscal_year": 2565, "item_code": "o1", "title": "x", "file": big},
        **bearer(secret),
    )
    assert response.status_code == 413
