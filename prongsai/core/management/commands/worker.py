"""Run background jobs (mail, imports, rendering, scheduled commands) until stopped.

Several workers may run side by side, on one server or several. With REDIS_URL a worker blocks
on the Redis list and also sweeps the table now and then for jobs whose push was lost; without
it, it polls the table. Either way it queues again jobs whose worker died (their lease lapsed,
`jobs.recover_stale`). SIGTERM lets the current job finish before the worker exits.
"""

import logging
import signal
import threading
import time

import redis
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from prongsai.core import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Claim and run queued jobs. --once runs what is queued now and exits."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="exit when the queue is empty")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at the table")
        parser.add_argument(
            "--sweep", type=float, default=30.0,
            help="with Redis: seconds between sweeps of the table for jobs Redis never carried",
        )  # fmt: skip
        parser.add_argument(
            "--heartbeat", type=float, default=30.0,
            help="with Redis: seconds after which a silent worker counts as dead and its job runs again",
        )  # fmt: skip

    def handle(self, *args, **options):
        self.stopping = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())
        if settings.REDIS_URL:
            self._redis_loop(options)
        else:
            self._table_loop(options)

    def _done(self, options, job_id: int, source: str) -> None:
        if not connection.in_atomic_block:  # drop a connection the database has closed or aged out
            close_old_connections()
        if options["verbosity"]:
            self.stdout.write(f"job {job_id} finished ({source})")
            self.stdout.flush()

    def _table_loop(self, options):
        last_recovery = float("-inf")
        while not self.stopping.is_set():
            if time.monotonic() - last_recovery >= settings.JOBS_LEASE_SECONDS / 4:
                jobs.recover_stale()
                last_recovery = time.monotonic()
            job_id = jobs.claim_next()
            if job_id is None:
                if options["once"]:
                    return
                self.stopping.wait(options["poll"])
                continue
            jobs.run(job_id)
            self._done(options, job_id, "table")

    def _redis_loop(self, options):
        from prongsai.core.queue import Consumer

        consumer = Consumer(heartbeat=options["heartbeat"], block=min(5.0, options["poll"] * 5))
        consumer.start()
        if options["verbosity"]:
            self.stdout.write(f"worker {consumer.name} waiting on Redis")
            self.stdout.flush()
        last_recovery = last_sweep = 0.0
        redis_down = False
        try:
            while not self.stopping.is_set():
                try:
                    now = time.monotonic()
                    if now - last_recovery >= consumer.heartbeat / 2:
                        consumer.recover()
                        jobs.recover_stale()  # jobs Redis never carried (run while it was down)
                        last_recovery = now
                    job_id = consumer.take(wait=not options["once"])
                    if redis_down:
                        logger.warning("Redis answers again; waiting on it")
                        redis_down = False
                    if job_id is not None:
                        self._run(consumer, job_id, options, "redis")
                        continue
                    if options["once"] or now - last_sweep >= options["sweep"]:
                        last_sweep = now
                        if self._sweep(consumer, options):
                            continue
                    if options["once"]:
                        return
                except redis.RedisError as exc:  # Redis away: keep working from the table
                    if not redis_down:
                        logger.warning("Redis unreachable (%s); polling the table until it is back", exc)
                        redis_down = True
                    job_id = jobs.claim_next()
                    if job_id is not None:
                        jobs.run(job_id)
                        self._done(options, job_id, "table")
                    elif options["once"]:
                        return
                    else:
                        self.stopping.wait(options["poll"])
        finally:
            consumer.stop()

    def _run(self, consumer, job_id: int, options, source: str) -> None:
        if jobs.claim(job_id):
            consumer.claimed(job_id)
            jobs.run(job_id)
            self._done(options, job_id, source)
            consumer.finished(job_id)
        else:
            consumer.release(job_id)

    def _sweep(self, consumer, options) -> bool:
        """Run one queued job that has waited longer than a push takes; True if one ran."""
        # A job younger than this is probably on its way through Redis: leave it to the push.
        grace = 0 if options["once"] else min(5.0, options["sweep"])
        for job_id in jobs.queued_ids(older_than=grace):
            consumer.hold(job_id)
            if jobs.claim(job_id):
                consumer.claimed(job_id)
                jobs.run(job_id)
                self._done(options, job_id, "table sweep")
                consumer.finished(job_id)
                return True
            consumer.release(job_id)
        return False
