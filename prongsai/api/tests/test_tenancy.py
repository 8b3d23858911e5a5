"""Tenant isolation through the API, with tokens: organisation A's token never reaches B's rows.

Every API operation is discovered from the OpenAPI document (so a new endpoint is covered the
day it is added) and called with A's token and A's address; B's marker must never appear.
Ids of B's rows under A's address answer 404, and writes with A's token land in A only.
"""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.api.tests.conftest import MARKER_B
from prongsai.api.tests.factories import bearer, make_token
from prongsai.disclosure.models import ProcurementSummary, Publication
from prongsai.disclosure.procurement import HEADINGS
from prongsai.disclosure.tests.factories import xlsx_bytes
from prongsai.ita import tabular
from prongsai.ita.models import Result
from prongsai.ita.tests.factories import seed_scores

ROOT = "/api/v1"


def fill(path: str, values: dict) -> str:
    def value(match):
        name = match.group(1)
        assert name in values, f"no rule to fill API path parameter {name!r}: extend this test"
        return str(values[name])

    return re.sub(r"{(?:int:)?(\w+)}", value, path)


def test_every_get_operation_with_a_token_of_a_shows_nothing_of_b(client, org, other_org, secret):
    document = client.get(f"{ROOT}/openapi.json").json()
    foreign = Publication.objects.for_org(other_org).first()
    own = Publication.objects.for_org(org).first()
    walked = 0
    for path, methods in document["paths"].items():
        if "get" not in methods:
            continue
        url = fill(path, {"org_slug": org.slug, "year": 2564, "publication_id": own.pk})
        response = client.get(url, {"page_size": 100}, **bearer(secret))
        assert response.status_code == 200, url
        assert MARKER_B.encode() not in response.content, f"{url} shows organisation B's rows"
        walked += 1
        if "{publication_id}" in path:
            url = fill(path, {"org_slug": org.slug, "year": 2564, "publication_id": foreign.pk})
            assert client.get(url, **bearer(secret)).status_code == 404
    assert walked >= 15


def test_the_walk_would_see_a_leak(client, org, secret):
    """The marker is in what the API answers, so a leak of B's rows would be caught."""
    from prongsai.api.tests.conftest import MARKER_A

    body = client.get(f"{ROOT}/organisations/{org.slug}/export/2564", **bearer(secret)).content.decode()
    assert MARKER_A in body


def test_a_token_of_a_publishes_only_into_a(client, org, other_org, secret):
    response = client.post(
        f"{ROOT}/staff/publications",
        {"fiscal_year": 2564, "item_code": "o1", "title": "ของ A", "url": "https://a.go.th/x",
         "organisation": other_org.slug, "org_slug": other_org.slug},
        **bearer(secret),
    )  # fmt: skip
    assert response.status_code == 201
    assert Publication.objects.get(pk=response.json()["id"]).organisation == org
    assert not Publication.objects.for_org(other_org).filter(title="ของ A").exists()


def test_a_token_of_a_imports_procurement_only_into_a(client, org, other_org, secret):
    upload = SimpleUploadedFile("x.xlsx", xlsx_bytes([HEADINGS, [1, "งาน", 100, "เฉพาะเจาะจง"]]))
    response = client.post(
        f"{ROOT}/staff/procurement", {"year": 2566, "month": 1, "file": upload}, **bearer(secret)
    )
    assert response.status_code == 201
    assert ProcurementSummary.objects.for_org(org).filter(year=2566).exists()
    assert not ProcurementSummary.objects.for_org(other_org).filter(year=2566).exists()


def test_a_token_of_a_cannot_write_bs_ita_results(client, org, other_org, secret):
    row = tabular.ResultRow(other_org.official_code, "", "", "", 2565, seed_scores())
    upload = SimpleUploadedFile("ita.csv", tabular.write_rows([row], "csv"))
    assert client.post(f"{ROOT}/staff/ita/results", {"file": upload}, **bearer(secret)).status_code == 400
    assert not Result.objects.for_org(other_org).filter(year=2565).exists()


def test_plan_status_is_read_from_the_tokens_organisation_only(client, org, other_org):
    _token, secret_b = make_token(other_org, scopes=["plans:read"])
    body = client.get(f"{ROOT}/staff/plans/2564", **bearer(secret_b)).content
    assert MARKER_B.encode() in body and b"QQORGAQQ" not in body
