"""Tasks on Django's Tasks API: a Job row holds what a page shows, the backend holds the state.

Here in one process: the immediate backend (the tests' default) and the database backend with
`prongsai worker --once`. Real worker processes, Redis and SIGKILL: test_tasks_integration.py.
"""

import json
import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from prongsai.core import dbworker, jobs
from prongsai.core.models import Job, Lease
from prongsai.core.notifications import notify
from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db


@task
@jobs.tracked
def count_to(job: Job) -> dict:
    total = job.payload["to"]
    if total < 0:
        raise ValueError("cannot count to a negative number")
    for n in range(1, total + 1):
        jobs.progress(job, n, total)
    return {"counted": total}


def test_a_tracked_task_keeps_its_result_and_progress_on_its_job():
    job = jobs.start(count_to, kind="test.count", payload={"to": 3})
    assert job.task_id and job.status == Job.Status.DONE
    assert (job.result, job.done, job.total, job.percent) == ({"counted": 3}, 3, 3, 100)


def test_a_failing_task_is_failed_and_its_job_says_why():
    job = jobs.start(count_to, kind="test.count", payload={"to": -1})
    assert job.status == Job.Status.FAILED
    assert job.error == "ValueError: cannot count to a negative number"


def test_with_the_database_backend_the_state_is_the_backends(database_tasks):
    job = jobs.start(count_to, kind="test.count", payload={"to": 2})
    stored = DBTaskResult.objects.get(id=job.task_id)
    assert stored.status == "READY" and stored.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "1 tasks run" in out.getvalue()
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.DONE and job.result == {"counted": 2}
    # The row holds no state of its own: a change in the backend is what the page shows.
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_failed_task_runs_again_with_jobs_retry_and_its_page_follows(database_tasks):
    job = jobs.start(count_to, kind="test.count", payload={"to": -1})
    call_command("worker", "--once", stdout=StringIO())
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.FAILED and "negative" in job.error
    out = StringIO()
    call_command("jobs", "list", "--status", "failed", "--format", "json", stdout=out)
    listed = json.loads(out.getvalue())["tasks"]
    assert [t["id"] for t in listed] == [job.task_id]
    assert listed[0]["task"].endswith("count_to") and "negative" in listed[0]["error"]

    Job.objects.filter(pk=job.pk).update(payload={"to": 1})  # the cause is fixed
    out = StringIO()
    call_command("jobs", "retry", job.task_id, "--format", "json", stdout=out)
    new_id = json.loads(out.getvalue())["task"]
    assert Job.objects.get(pk=job.pk).task_id == new_id != job.task_id
    call_command("worker", "--once", stdout=StringIO())
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.DONE and job.result == {"counted": 1} and job.error == ""
    with pytest.raises(Exception, match="not failed"):
        call_command("jobs", "retry", new_id)  # a successful task is not run twice by mistake


def _claimed_by(task_id: str, worker: str) -> None:
    DBTaskResult.objects.filter(id=task_id).update(status="RUNNING", worker_ids=[worker])


def test_a_task_whose_worker_was_killed_is_failed_and_its_page_says_so(database_tasks, client):
    job = jobs.start(count_to, kind="test.count", payload={"to": 2})
    _claimed_by(job.task_id, "killed-worker")  # it claimed the task, then died: no lease
    health = client.get("/healthz")
    assert health.status_code == 503
    assert json.loads(health.content)["checks"]["queue"] == "1 running tasks whose worker stopped"
    assert dbworker.fail_lost() == [job.task_id]
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.FAILED and job.error == dbworker.LOST
    assert DBTaskResult.objects.get(id=job.task_id).exception_class_path.endswith("WorkerLost")
    assert client.get("/healthz").status_code == 200


def test_a_task_whose_worker_holds_its_lease_is_left_alone(database_tasks, settings):
    job = jobs.start(count_to, kind="test.count", payload={"to": 2})
    dbworker.renew("alive-worker")
    _claimed_by(job.task_id, "alive-worker")
    assert dbworker.fail_lost() == []
    lease = Lease.objects.filter(name="worker:alive-worker")
    # Just lapsed: the worker may be waiting for a long SQLite write to commit before it renews.
    lease.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert dbworker.fail_lost() == []
    lease.update(expires_at=timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS))
    assert dbworker.fail_lost() == [job.task_id]


@task
def outlive_two_renewals() -> dict:
    import time

    def expiry():
        leases = Lease.objects.filter(name__startswith=dbworker.PREFIX)
        return list(leases.values_list("expires_at", flat=True))

    first = expiry()
    time.sleep(0.5)
    return {"renewed": bool(first) and expiry() != first}


@pytest.mark.django_db(transaction=True)
def test_a_worker_renews_its_lease_while_a_task_runs(database_tasks, settings):
    settings.JOBS_LEASE_SECONDS = 0.4
    result = outlive_two_renewals.enqueue()
    assert dbworker.run_ready() == 1
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value == {"renewed": True}
    assert not Lease.objects.filter(name__startswith=dbworker.PREFIX).exists()  # given up on exit


def test_a_notice_e_mail_is_sent_by_a_task_after_commit(django_capture_on_commit_callbacks):
    org = make_org()
    users = [make_staff(org), make_staff(org)]
    for n, user in enumerate(users):
        user.email = f"staff{n}@example.org"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(org, users, "มีเรื่องรอพิจารณา", url="/staff/")
        assert mail.outbox == []  # nothing leaves before the notices are committed
    assert sorted(m.to[0] for m in mail.outbox) == ["staff0@example.org", "staff1@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # no one sees another's address


def test_finished_tasks_and_their_jobs_are_pruned_after_the_given_days(database_tasks):
    old, recent = (jobs.start(count_to, kind="test.count", payload={"to": 1}) for _ in range(2))
    waiting = jobs.start(count_to, kind="test.count", payload={"to": 1})
    call_command("worker", "--once", stdout=StringIO())
    waiting.task_id = jobs.enqueue(count_to, waiting.pk).id  # queued again: not finished
    Job.objects.filter(pk=waiting.pk).update(task_id=waiting.task_id)
    month_ago = timezone.now() - timedelta(days=31)
    Job.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=month_ago)
    DBTaskResult.objects.filter(id=old.task_id).update(finished_at=month_ago)
    out = StringIO()
    call_command("jobs", "prune", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"deleted": 2}  # the old task and its Job row
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(id=old.task_id).exists()


def test_with_rq_a_task_goes_to_redis_after_commit_and_redis_down_fails_its_job_not_the_page(
    settings, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    settings.TASKS_BACKEND = "rq"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.start(count_to, kind="test.count", payload={"to": 1})
    assert job.status == Job.Status.QUEUED and not job.task_id  # nothing sent before the commit
    callbacks[0]()  # the commit: Redis does not answer
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.FAILED and job.error == "the task could not be queued (ConnectionError)"
