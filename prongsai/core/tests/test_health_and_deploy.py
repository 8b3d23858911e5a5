import json
import os
import subprocess
import sys

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_check(client):
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "disk"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_no_worker_takes_tasks(client, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from prongsai.core.tasks import run_command

    result = run_command.enqueue(["jobs", "prune"])
    assert client.get("/healthz").status_code == 200  # just queued
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timezone.timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["queue"] == "1 tasks waiting for more than 15 minutes"


def test_healthz_fails_when_the_task_queue_redis_does_not_answer(client, settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["queue"] == "error: ConnectionError"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },  # set only for browser tests
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "production-secret-for-the-check",
        "ALLOWED_HOSTS": "ita.example.go.th",
        "PRONGSAI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        # what production must name besides (core/checks.py; test_security_settings.py)
        "COMPLAINTS_KEYS": "k1:" + "A" * 43 + "=",
        "COMPLAINTS_LOOKUP_KEY": "l" * 40,
        "COMPLAINTS_RECEIPT_KEYS": "r1:" + "B" * 43 + "=",
        "EMAIL_HOST": "smtp.example.go.th",
    }
    result = subprocess.run(
        [sys.executable, "-m", "prongsai", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "", "PRONGSAI_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "prongsai", "check"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 2 and "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
