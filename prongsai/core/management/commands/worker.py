"""`prongsai worker`: run background tasks with the configured backend's own worker.

TASKS_BACKEND=database: django-tasks-db's worker, with a lease so a killed worker's task is marked
failed (core/dbworker.py). TASKS_BACKEND=rq: RQ's worker on REDIS_URL (django-rq), which fails a
killed worker's task once its heartbeat lapses. Any number may run, on any server; SIGTERM lets
the current task finish first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.core import dbworker

RESULT_TTL = 24 * 3600  # RQ keeps a finished task's result a day (mail tasks hold addresses)


class Command(BaseCommand):
    help = "Run background tasks. --once runs what is queued now and exits."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="exit when no task is left")
        parser.add_argument("--interval", type=float, default=1.0, help="database: seconds between looks")
        parser.add_argument(
            "--maintenance", type=int, default=60,
            help="rq: seconds between sweeps that fail the tasks of killed workers",
        )  # fmt: skip

    def handle(self, *args, **options):
        backend = settings.TASKS_BACKEND
        if backend == "database":
            worker_id = dbworker.new_worker_id()
            self.stdout.write(f"worker {worker_id} waiting for database tasks")
            self.stdout.flush()
            if options["once"]:
                ran = dbworker.run_ready(worker_id)
                self.stdout.write(f"{ran} tasks run")
            else:
                dbworker.run(worker_id=worker_id, interval=options["interval"])
        elif backend == "rq":
            self._rq(options)
        else:
            raise CommandError(f"TASKS_BACKEND={backend} runs tasks in the caller: no worker needed")

    def _rq(self, options):
        import django_rq
        from django_rq.utils import reset_db_connections

        every = options["maintenance"]
        worker = django_rq.get_worker(
            "default", job_class="django_tasks_rq.backend.Job",  # runs django-tasks' Task objects
            # A killed worker's task is failed once its heartbeat (every job_monitoring_interval,
            # plus RQ's fixed 60 s) lapses, by the next sweep of any worker: every `--maintenance`.
            maintenance_interval=every, worker_ttl=max(every, 30), job_monitoring_interval=min(every, 30),
            default_result_ttl=RESULT_TTL,
        )  # fmt: skip
        self.stdout.write(f"worker {worker.name} waiting on Redis")
        self.stdout.flush()
        reset_db_connections()  # RQ forks a process per task: no connection shared with it
        worker.work(burst=options["once"], logging_level="INFO" if options["verbosity"] else "WARNING")
