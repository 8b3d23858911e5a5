"""Jobs without Redis: the table is the queue, claims are exclusive, e-mail goes through a job."""

import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from prongsai.core import jobs
from prongsai.core.models import Job
from prongsai.core.notifications import notify
from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db
PRUNE = {"args": ["jobs", "prune", "--format", "json"]}


def test_the_table_polling_worker_runs_queued_jobs_once(settings):
    settings.JOBS_MODE, settings.REDIS_URL = "worker", ""
    job = jobs.enqueue("command", payload=PRUNE)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    out = StringIO()
    call_command("worker", "--once", stdout=out, skip_checks=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["output"] == {"deleted": 0}
    assert f"job {job.pk} finished (table)" in out.getvalue()
    assert not jobs.claim(job.pk)  # a finished job is never claimed again


def test_only_one_worker_wins_a_claim(settings):
    settings.JOBS_MODE = "worker"
    job = jobs.enqueue("command", payload=PRUNE)
    assert [jobs.claim(job.pk), jobs.claim(job.pk)] == [True, False]
    assert jobs.requeue(job.pk) and jobs.claim(job.pk)


def test_with_redis_down_enqueue_still_stores_the_job(settings, django_capture_on_commit_callbacks, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    settings.JOBS_MODE, settings.REDIS_URL = "worker", f"redis://127.0.0.1:{port}/0"
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue("command", payload=PRUNE)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert "table sweep will find it" in caplog.text


def test_a_notice_e_mail_is_sent_by_a_job_after_commit(django_capture_on_commit_callbacks):
    org = make_org()
    users = [make_staff(org), make_staff(org)]
    for n, user in enumerate(users):
        user.email = f"staff{n}@example.org"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(org, users, "มีเรื่องรอพิจารณา", url="/staff/")
        assert mail.outbox == []  # nothing leaves before the notices are committed
    job = Job.objects.get(kind="core.mail")
    assert job.status == Job.Status.DONE and job.result == {"sent": 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["staff0@example.org", "staff1@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # no one sees another's address
