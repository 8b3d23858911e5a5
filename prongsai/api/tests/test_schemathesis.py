"""Fuzzing against the OpenAPI document on a live server: no 5xx, and every answer fits the schema.

schemathesis generates requests for every operation from the document the server itself
serves, sends them to pytest-django's live server (an organisation with one row of every
kind, and a token with every scope for the staff operations) and checks each answer: no server
error, a documented status code and content type, and a body that matches its schema.

Each operation is fuzzed three ways: any valid request, valid requests aimed at the real
organisation and year (so the data paths run, not only the 404s), and invalid requests. The
examples per operation are bounded (FUZZ_EXAMPLES, default 10 each way) so the run stays
within about a minute on two cores. (schemathesis' own pytest loader does not run under
pytest 9, so the strategies are driven with hypothesis directly.)
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from prongsai.api.tests.factories import make_token
from prongsai.core.tests.factories import make_org
from prongsai.core.tests.test_tenant_isolation import populate_every_app
from prongsai.disclosure.models import Publication

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_target(transactional_db, live_server, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = settings.API_TOKEN_RATE_PER_MINUTE = 1_000_000
    organisation = make_org("bophloi", official_code="5710101")
    populate_every_app(organisation, "FUZZ")
    _token, secret = make_token(organisation)
    publication = Publication.objects.for_org(organisation).get()
    real = {"org_slug": organisation.slug, "year": 2564, "publication_id": publication.pk}
    return live_server.url, secret, real


def strategies(operation, rows: dict):
    """Any valid request; valid ones for the real organisation, year and rows; invalid ones."""
    names = {p.name for p in operation.path_parameters}
    real = {k: v for k, v in rows.items() if k in names}
    yield "valid", operation.as_strategy(GenerationMode.POSITIVE)
    if real:
        yield "real", operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real)
    yield "invalid", operation.as_strategy(GenerationMode.NEGATIVE)


def fuzz(strategy, base: str, headers: dict, statuses: set) -> None:
    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(base_url=base, headers=headers)
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def test_every_operation_answers_within_its_schema(fuzz_target):
    base, secret, rows = fuzz_target
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
    failures, operations, never_ok = [], 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = {"Authorization": f"Bearer {secret}"} if operation.path.startswith("/api/v1/staff/") else {}
        statuses: set[int] = set()
        for label, strategy in strategies(operation, rows):
            try:
                fuzz(strategy, base, headers, statuses)
            except Unsatisfiable:
                assert label == "invalid"  # e.g. a lone text path parameter: no request is invalid
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.method.upper()} {operation.path} ({label}): {exc}")
        if operation.method.upper() == "GET" and 200 not in statuses:
            never_ok.append(operation.path)
    assert operations >= 20
    assert not never_ok, f"these were never answered with data, so their schema went unchecked: {never_ok}"
    assert not failures, "\n\n".join(failures)
