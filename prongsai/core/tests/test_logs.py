"""LOG_FORMAT=json: one JSON object per line, and no personal data in it (core/logs.py)."""

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from prongsai.complaints.tests.factories import make_complaint, make_officer
from prongsai.core.logs import JsonFormatter
from prongsai.core.tests.factories import login_verified, make_org

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
ADDRESS = "203.0.113.77"
EMAIL = "somchai.secret@example.org"


@pytest.fixture
def json_lines(settings):
    """The lines the console handler would write with LOG_FORMAT=json, parsed."""
    settings.LOG_FORMAT = "json"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("prongsai.request", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)

    def lines() -> list[tuple[str, dict]]:
        raw = [line for line in stream.getvalue().splitlines() if line]
        return [(line, json.loads(line)) for line in raw]  # each line alone is valid JSON

    yield lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def no_personal_data(line: str, *secrets: str) -> None:
    for secret in (ADDRESS, EMAIL, "?", *secrets):
        assert secret not in line, f"{secret!r} in {line}"


def test_a_staff_request_is_one_json_line_without_user_address_query_or_case(json_lines):
    org = make_org("logs-org")
    complaint, _code = make_complaint(org)
    officer = make_officer(org, username="officer-somchai")
    officer.email = EMAIL
    officer.save()
    client = login_verified(Client(REMOTE_ADDR=ADDRESS), officer)
    path = reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk})
    response = client.get(path, {"q": "ลับเฉพาะ", "email": EMAIL})
    assert response.status_code == 200
    [(line, entry)] = [(raw, e) for raw, e in json_lines() if e["logger"] == "prongsai.request"]
    assert entry["method"] == "GET" and entry["status"] == 200 and entry["duration_ms"] >= 0
    assert entry["path"] == "/staff/complaints/<int:complaint_id>/"  # the pattern, not the case
    assert len(entry["request_id"]) == 32 and entry["level"] == "INFO" and entry["time"].endswith("+00:00")
    no_personal_data(line, "officer-somchai", "ลับเฉพาะ", complaint.number, f"/{complaint.pk}/")


def test_a_complainant_post_logs_neither_body_nor_code(json_lines):
    org = make_org("logs-public")
    _complaint, code = make_complaint(org)
    client = Client(REMOTE_ADDR=ADDRESS)
    path = reverse("complaints_public:follow", kwargs={"org_slug": org.slug})
    assert client.post(path + "?from=mail", {"code": code}).status_code == 200
    [(line, entry)] = json_lines()
    assert entry["path"] == "/<slug:org_slug>/complaints/follow/" and entry["status"] == 200
    no_personal_data(line, code, code.replace("-", ""))


def test_a_not_found_line_carries_its_request_id_and_no_query_string(json_lines):
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert client.get("/no-such-page/", {"email": EMAIL}).status_code == 404
    entries = json_lines()
    assert {e["logger"] for _l, e in entries} == {"django.request", "prongsai.request"}
    assert {e["request_id"] for _l, e in entries} == {"nginx-0123456789abcdef"}
    for line, _entry in entries:
        no_personal_data(line)


def test_text_logs_stay_the_default_and_a_wrong_format_is_refused(tmp_path):
    code = "import django, logging; django.setup(); logging.getLogger('x').warning('to %s', 'a@b.example')"
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "PRONGSAI_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "prongsai.settings"}  # fmt: skip

    def run(**extra):
        command, full_env = [sys.executable, "-c", code], {**env, **extra}
        return subprocess.run(command, env=full_env, cwd=ROOT, capture_output=True, text=True, timeout=120)

    as_json = run(LOG_FORMAT="json")
    assert as_json.returncode == 0, as_json.stderr
    entry = json.loads(as_json.stderr.strip().splitlines()[-1])
    assert entry["message"] == "to <email>" and entry["logger"] == "x"
    assert run().stderr.strip().splitlines()[-1] == "to a@b.example"
    wrong = run(LOG_FORMAT="xml")
    assert wrong.returncode != 0 and "LOG_FORMAT" in wrong.stderr
