"""Background jobs without a broker: a table of jobs and workers that claim them.

`enqueue` stores the job; how it then runs is set by JOBS_MODE:
- "worker": `prongsai worker` claims queued jobs (production; several workers are safe);
- "thread": a thread starts it once the request's transaction commits (development server);
- "inline": it runs at once, in the caller (tests and commands).
A handler receives the job and reports progress with `job_progress`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

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
    return job


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()


def claim_next() -> int | None:
    """Take the oldest queued job; the conditional update makes the claim safe between workers."""
    for job_id in (
        Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at").values_list("pk", flat=True)[:5]
    ):
        claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            return job_id
    return None


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
