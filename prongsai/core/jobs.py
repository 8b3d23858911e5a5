"""Background jobs: the `Job` table keeps each job's state and progress; workers run them.

`enqueue` stores the job; how it then runs is set by JOBS_MODE:
- "worker": `prongsai worker` runs it (production; several workers are safe). With REDIS_URL the
  job's id is pushed to a Redis list once the transaction commits, so a waiting worker starts at
  once (`queue.py`); workers still sweep the table for queued jobs whose push was lost. Without
  REDIS_URL workers poll the table, which is enough for one small server.
- "thread": a thread starts it once the request's transaction commits (development server);
- "inline": it runs at once, in the caller (tests and commands).
A handler receives the job and reports progress with `job_progress`. A job whose worker was
killed runs again, so handlers must be safe to repeat (at-least-once delivery).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from prongsai.core.models import Job

logger = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[[Job], dict]] = {}


def handler(kind: str):
    def register(func: Callable[[Job], dict]) -> Callable[[Job], dict]:
        HANDLERS[kind] = func
        return func

    return register


def enqueue(kind: str, *, payload: dict | None = None, upload=None, organisation=None, user=None) -> Job:
    if kind not in HANDLERS:
        raise KeyError(f"no job handler for {kind!r}")
    job = Job.objects.create(
        kind=kind,
        payload=payload or {},
        organisation=organisation,
        created_by=user if user and user.is_authenticated else None,
    )
    if upload is not None:
        job.upload.save(upload.name, upload, save=True)
    mode = settings.JOBS_MODE
    if mode == "inline":
        run(job.pk)
        job.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    elif settings.REDIS_URL:
        from prongsai.core import queue

        # After commit, so a worker never pops an id whose row it cannot see yet.
        transaction.on_commit(lambda: queue.push(job.pk))
    return job


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()


def claim(job_id: int) -> bool:
    """Mark a queued job running; the conditional update lets only one worker win it."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
    )


def queued_ids(*, older_than: float = 0, limit: int = 5) -> Iterator[int]:
    """The oldest queued jobs, for workers that poll or sweep the table."""
    jobs = Job.objects.filter(status=Job.Status.QUEUED)
    if older_than:
        jobs = jobs.filter(created_at__lt=timezone.now() - timedelta(seconds=older_than))
    yield from jobs.order_by("created_at").values_list("pk", flat=True)[:limit]


def claim_next() -> int | None:
    """Take the oldest queued job (table polling, without Redis)."""
    for job_id in queued_ids():
        if claim(job_id):
            return job_id
    return None


def requeue(job_id: int) -> bool:
    """Put back a job whose worker died while running it."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED, started_at=None
        )
    )


def fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE).update(
        status=Job.Status.FAILED, result={"error": error}, finished_at=timezone.now()
    )


def run(job_id: int) -> None:
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    try:
        result = HANDLERS[job.kind](job)
        status = Job.Status.DONE
    except Exception as exc:  # a failed job is reported on its page, not lost in a log
        logger.exception("job %s failed", job_id)
        result, status = {"error": f"{type(exc).__name__}: {exc}"}, Job.Status.FAILED
    Job.objects.filter(pk=job_id).update(status=status, result=result, finished_at=timezone.now())


def job_progress(job: Job, done: int, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(done=done, total=total)


def prune(days: int) -> int:
    """Delete finished jobs older than `days` (their payloads may hold e-mail addresses)."""
    old = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=timezone.now() - timedelta(days=days)
    )
    for job in old.exclude(upload="").iterator():
        job.upload.delete(save=False)
    count, _ = old.delete()
    return count
