"""The database backend's worker (django-tasks-db's `db_worker`), with one addition: a killed
worker's task is marked failed instead of staying "running" for ever.

django-tasks-db claims a task with SELECT … FOR UPDATE SKIP LOCKED, so two workers never run the
same one, but it has no notion of a worker that died. Each worker started here renews a lease
row (`Lease` "worker:<id>") from a thread; any live worker marks failed the running tasks whose
worker's lease lapsed, and tells the task's Job row, so its page shows the failure.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from prongsai.core.models import Job, Lease

logger = logging.getLogger(__name__)
PREFIX = "worker:"
LOST = "the worker stopped while running this task"


class WorkerLost(Exception):
    """Recorded as the exception of a task whose worker was killed."""


def new_worker_id() -> str:
    return get_random_string(24)


def renew(worker_id: str) -> None:
    expires = timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    holder = f"{socket.gethostname()}:{os.getpid()}"[:120]
    lease = {"holder": holder, "expires_at": expires}
    Lease.objects.update_or_create(name=PREFIX + worker_id, defaults=lease)


def lost_tasks(now=None) -> list[str]:
    """Ids of running tasks whose worker's lease lapsed (or that a worker without one claimed).

    A lease counts as lapsed half a lease after its expiry: on SQLite a long write transaction (a
    big import) keeps every other writer out, the worker's own renewal included, and the worker
    must get the first chance to renew once it commits."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.JOBS_LEASE_SECONDS / 2)
    live = set(
        Lease.objects.filter(name__startswith=PREFIX, expires_at__gte=grace).values_list("name", flat=True)
    )
    return [
        str(task_id)
        for task_id, workers in DBTaskResult.objects.running().values_list("id", "worker_ids")
        if not workers or PREFIX + workers[-1] not in live
    ]


def fail_lost() -> list[str]:
    """Mark failed the tasks of killed workers; each change is conditional on the task still running."""
    now, failed = timezone.now(), []
    for task_id in lost_tasks(now):
        if DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now,
            exception_class_path=f"{__name__}.WorkerLost", traceback=f"WorkerLost: {LOST}",
        ):  # fmt: skip
            logger.error("task %s failed: %s", task_id, LOST)
            failed.append(task_id)
    Job.objects.filter(task_id__in=failed, error="").update(error=LOST)
    Lease.objects.filter(name__startswith=PREFIX, expires_at__lt=now - timedelta(days=1)).delete()
    return failed


def _keep_alive(worker_id: str, stop: threading.Event) -> None:
    pause = settings.JOBS_LEASE_SECONDS / 4
    try:
        while not stop.wait(pause):
            try:
                renew(worker_id)
                fail_lost()
                pause = settings.JOBS_LEASE_SECONDS / 4
            except Exception as exc:  # a busy (locked) database: try again soon
                logger.warning("worker %s: lease not renewed: %s", worker_id, exc)
                pause = min(0.5, pause)
    finally:
        close_old_connections()


@contextlib.contextmanager
def leased(worker_id: str):
    """Hold the worker's lease (renewed from a thread) while it runs tasks."""
    renew(worker_id)
    fail_lost()
    stop = threading.Event()
    thread = threading.Thread(target=_keep_alive, args=(worker_id, stop), name="lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        Lease.objects.filter(name=PREFIX + worker_id).delete()


def _worker(worker_id: str, interval: float = 1.0) -> Worker:
    return Worker(
        queue_names=["*"], interval=interval, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
    )  # fmt: skip


def run(*, worker_id: str | None = None, interval: float = 1.0, in_thread: bool = False) -> None:
    """Run tasks until stopped; SIGTERM lets the current task finish first."""
    worker_id = worker_id or new_worker_id()
    worker = _worker(worker_id, interval)
    if not in_thread:  # signals can only be set from the main thread
        worker.configure_signals()
    try:
        with leased(worker_id):
            worker.run()
    finally:
        close_old_connections()


def run_ready(worker_id: str | None = None) -> int:
    """Run the tasks that are ready now, then return how many ran (`prongsai worker --once`, cron).

    Claims as django-tasks-db's worker does, without closing the caller's database connection."""
    worker_id = worker_id or new_worker_id()
    worker, ran = _worker(worker_id), 0
    with leased(worker_id):
        while True:
            with exclusive_transaction(DBTaskResult.objects.db):
                task = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
                if task is not None:
                    task.claim(worker_id)
            if task is None:
                return ran
            worker.run_task(task)
            ran += 1


def start_in_dev_server() -> None:
    """In `prongsai runserver` (the process that serves), run database tasks in a thread, so
    `make demo` needs no worker (TASKS_WORKER_THREAD, on with DEBUG). Called by the app config."""
    if not (settings.TASKS_WORKER_THREAD and settings.TASKS_BACKEND == "database"):
        return
    serving = os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv  # the reloader's child
    if sys.argv[1:2] != ["runserver"] or not serving:
        return

    def work() -> None:
        while True:
            try:
                run(in_thread=True)
            except DatabaseError as exc:  # not migrated yet: the page says so; try again later
                logger.warning("background tasks wait for the database: %s", exc)
                close_old_connections()
                time.sleep(10)

    threading.Thread(target=work, name="tasks", daemon=True).start()
