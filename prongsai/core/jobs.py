"""Background work on Django's Tasks API (the `django_tasks` backport; `django.tasks` from Django 6).

Every job is a `@task` function in its app's `tasks.py`. `settings.TASKS` picks the backend
(TASKS_BACKEND: the database by default, RQ for several servers, immediate in the tests), and the
backend is the one record of each task's state. A page that follows a task (an import, a render)
`start`s it with a `Job` row keyed by the task id, which holds only what the page shows: progress,
the result, a failure message. Other work (e-mail, scheduled commands) is just `enqueue`d.

Delivery is at most once by itself: a task whose worker is killed is marked failed, never run
again behind the user's back (docs/adr/0003); `retry` runs a failed task anew, so tasks are
written to be safe to repeat.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from prongsai.core import files as user_files
from prongsai.core.models import Job

logger = logging.getLogger(__name__)
STATES = {
    TaskResultStatus.READY: Job.Status.QUEUED,
    TaskResultStatus.RUNNING: Job.Status.RUNNING,
    TaskResultStatus.SUCCESSFUL: Job.Status.DONE,
    TaskResultStatus.FAILED: Job.Status.FAILED,
}


def enqueue(task, *args, on_enqueued: Callable | None = None, on_error: Callable | None = None):
    """Enqueue `task(*args)`. A backend outside the database (RQ) gets it once the transaction
    commits, so a worker never runs a task whose rows it cannot see yet; the database backend
    writes it in the caller's transaction. Returns the task result, or None when deferred.
    `on_error(exc)`, if given, hears of a backend that refused it (Redis down) instead of the caller."""

    def send():
        try:
            result = task.enqueue(*args)
        except Exception as exc:
            if on_error is None:
                raise
            logger.exception("task %s not queued", task.name)
            return on_error(exc)
        if on_enqueued is not None:
            on_enqueued(result)
        return result

    if settings.TASKS_BACKEND == "rq":
        transaction.on_commit(send)
        return None
    return send()


def start(task, *, kind: str, payload=None, upload=None, organisation=None, user=None) -> Job:
    """Enqueue a `tracked` task with a Job row for its page to show."""
    job = Job.objects.create(
        kind=kind,
        payload=payload or {},
        organisation=organisation,
        created_by=user if user and user.is_authenticated else None,
    )
    if upload is not None:
        # Never the client's name in storage (core/files.py); the payload keeps it for the page.
        job.upload.save(user_files.random_name("upload"), upload, save=True)
    row = Job.objects.filter(pk=job.pk)
    enqueue(
        task, job.pk, on_enqueued=lambda result: row.update(task_id=result.id),
        on_error=lambda exc: row.update(error=f"the task could not be queued ({type(exc).__name__})"),
    )  # fmt: skip
    job.refresh_from_db()
    return job


def tracked(func: Callable[[Job], dict]) -> Callable[[int], dict]:
    """Make `func(job)` the body of a task that takes the Job's id: what it returns becomes the
    job's result, an exception its failure message (raised again, so the backend fails the task)."""

    @functools.wraps(func)
    def run(job_id: int) -> dict:
        job = Job.objects.get(pk=job_id)
        try:
            result = func(job)
        except Exception as exc:
            Job.objects.filter(pk=job_id).update(error=f"{type(exc).__name__}: {exc}"[:2000])
            raise
        Job.objects.filter(pk=job_id).update(result=result, error="")
        return result

    return run


def progress(job: Job, done: int, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(done=done, total=total)


def result_of(task_id: str):
    """The backend's record of a task, or None (the immediate backend keeps none; RQ drops a
    finished task's after its result TTL)."""
    if not task_id or not default_task_backend.supports_get_result:
        return None
    try:
        return default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return None


def state(job: Job) -> str:
    """The job's state as the backend has it; from the row only when the backend keeps none."""
    if not job.task_id:  # not handed to the backend yet (RQ: until the commit)
        return Job.Status.FAILED if job.error else Job.Status.QUEUED
    result = result_of(job.task_id)
    if result is not None:
        return STATES[result.status]
    return Job.Status.DONE if job.result and not job.error else Job.Status.FAILED


def retry(task_id: str):
    """Run a failed task again, as a new task; a Job row follows it to its new id."""
    old = default_task_backend.get_result(task_id)
    if old.status != TaskResultStatus.FAILED:
        raise ValueError(f"task {task_id} is {old.status}, not failed")
    new = old.task.enqueue(*old.args, **old.kwargs)
    Job.objects.filter(task_id=task_id).update(task_id=new.id, error="", done=0, total=0)
    return new


def prune(days: int) -> int:
    """Delete finished tasks and their Job rows older than `days` (mail tasks hold addresses)."""
    limit = timezone.now() - timedelta(days=days)
    deleted = 0
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    finished = (Job.Status.DONE, Job.Status.FAILED)
    old = [job for job in Job.objects.filter(created_at__lt=limit) if job.status in finished]
    for job in old:
        if job.upload:
            job.upload.delete(save=False)
        job.delete()
    return deleted + len(old)
