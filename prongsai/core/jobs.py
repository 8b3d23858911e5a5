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

A running job holds a lease (JOBS_LEASE_SECONDS) that a thread of its worker renews; while the
job runs, `result` holds {"lease": <renewed at>, "requeued": <times>}. A job whose lease lapsed
(its worker was killed) is put back by any worker's sweep (`recover_stale`), with or without
Redis, and failed after MAX_ATTEMPTS; /healthz reports such jobs meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from prongsai.core import files as user_files
from prongsai.core.models import Job

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # runs of a job whose worker keeps dying: a job that kills workers must not kill all
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
        # Never the client's name in storage (core/files.py); the payload keeps it for the handler.
        job.upload.save(user_files.random_name("upload"), upload, save=True)
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
    lease = _leased(job) if settings.JOBS_MODE != "inline" else contextlib.nullcontext()
    try:
        with lease:
            result = HANDLERS[job.kind](job)
        status = Job.Status.DONE
    except Exception as exc:  # a failed job is reported on its page, not lost in a log
        logger.exception("job %s failed", job_id)
        result, status = {"error": f"{type(exc).__name__}: {exc}"}, Job.Status.FAILED
    Job.objects.filter(pk=job_id).update(status=status, result=result, finished_at=timezone.now())


def renew_lease(job: Job) -> bool:
    """Mark the running job as alive now; False once it is no longer running."""
    requeued = (job.result or {}).get("requeued", 0)
    lease = {"lease": timezone.now().isoformat(), "requeued": requeued}
    return bool(Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(result=lease))


@contextlib.contextmanager
def _leased(job: Job):
    """Renew the job's lease from a thread while the handler runs (the handler may block for long)."""
    stop = threading.Event()
    renew_lease(job)

    def renew() -> None:
        try:
            while not stop.wait(settings.JOBS_LEASE_SECONDS / 4):
                try:
                    if not renew_lease(job):
                        return
                except Exception as exc:  # a busy database: the next renewal tries again
                    logger.warning("lease of job %s not renewed: %s", job.pk, exc)
        finally:
            close_old_connections()

    thread = threading.Thread(target=renew, name=f"lease-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def lease_renewed_at(job: Job) -> datetime | None:
    """When the job last showed it was alive: its lease, else its start."""
    renewed = (job.result or {}).get("lease") if job.status == Job.Status.RUNNING else None
    try:
        renewed = datetime.fromisoformat(renewed) if renewed else None
    except (TypeError, ValueError):
        renewed = None
    return max(filter(None, [renewed, job.started_at]), default=None)


def stale_running() -> list[Job]:
    """Running jobs whose lease lapsed: their worker was killed (or lost the database)."""
    limit = timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    running = Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=limit).only(
        "pk", "status", "result", "started_at"
    )
    return [job for job in running if (lease_renewed_at(job) or limit) <= limit]


def recover_stale() -> list[int]:
    """Queue again the jobs whose worker died, or fail them after MAX_ATTEMPTS; the ids requeued.

    Each change is conditional on the run it saw (status and start), so two sweeping workers never
    both act on one job."""
    requeued = []
    for job in stale_running():
        attempts = (job.result or {}).get("requeued", 0) + 1
        still_stale = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, started_at=job.started_at)
        if attempts >= MAX_ATTEMPTS:
            message = f"the worker stopped while running this job {attempts} times"
            if still_stale.update(
                status=Job.Status.FAILED, result={"error": message}, finished_at=timezone.now()
            ):
                logger.error("job %s failed: %s", job.pk, message)
        elif still_stale.update(status=Job.Status.QUEUED, started_at=None, result={"requeued": attempts}):
            logger.warning("job %s requeued: its worker stopped while running it", job.pk)
            requeued.append(job.pk)
    return requeued


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
