"""`prongsai jobs`: list background tasks, run a failed one again, prune finished ones.

`list` reads the backend's records (the database backend's table, or RQ's registries); `retry`
enqueues a failed task anew and moves its page's Job row to the new task; `prune` deletes
finished tasks after a while (mail tasks carry e-mail addresses).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.core import jobs
from prongsai.core.output import add_format_argument, emit


def _rows(status: str, limit: int) -> list[dict]:
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        found = DBTaskResult.objects.order_by("-enqueued_at")
        found = found.filter(status=status.upper()) if status else found
        return [
            {"id": str(t.id), "task": t.task_path, "status": t.status, "enqueued_at": t.enqueued_at,
             "error": t.traceback.strip().splitlines()[-1] if t.traceback else ""}
            for t in found[:limit]
        ]  # fmt: skip
    if settings.TASKS_BACKEND == "rq":
        import django_rq
        from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

        queue = django_rq.get_queue("default")
        registries = {
            "ready": lambda: queue.job_ids,
            "running": lambda: StartedJobRegistry(queue=queue).get_job_ids(),
            "failed": lambda: FailedJobRegistry(queue=queue).get_job_ids(),
            "successful": lambda: FinishedJobRegistry(queue=queue).get_job_ids(),
        }
        ids = [i for name, ids in registries.items() if not status or name == status for i in ids()][:limit]
        results = [jobs.result_of(i) for i in ids]
        return [
            {"id": r.id, "task": r.task.module_path, "status": r.status, "enqueued_at": str(r.enqueued_at),
             "error": r.errors[-1].exception_class_path if r.errors else ""}
            for r in results if r is not None
        ]  # fmt: skip
    raise CommandError(f"TASKS_BACKEND={settings.TASKS_BACKEND} keeps no tasks")


class Command(BaseCommand):
    help = "Background tasks: list, retry, prune"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="the latest tasks, newest first")
        listing.add_argument("--status", choices=["ready", "running", "failed", "successful"])
        listing.add_argument("--limit", type=int, default=50)
        retry = sub.add_parser("retry", help="run a failed task again")
        retry.add_argument("task_id")
        prune = sub.add_parser("prune", help="delete finished tasks older than --days")
        prune.add_argument("--days", type=int, default=30)
        for p in (listing, retry, prune):
            add_format_argument(p)

    def handle(self, *args, **options):
        if options["action"] == "list":
            rows = _rows(options["status"] or "", options["limit"])
            lines = [f"{r['id']} {r['status']:<10} {r['task']} {r['error']}".rstrip() for r in rows]
            emit(self, options, {"tasks": rows}, lines or ["no tasks"])
        elif options["action"] == "retry":
            try:
                new = jobs.retry(options["task_id"])
            except Exception as exc:  # not found, not failed: said plainly
                raise CommandError(str(exc) or type(exc).__name__) from None
            data = {"retried": options["task_id"], "task": new.id}
            emit(self, options, data, [f"queued again as {new.id}"])
        else:
            deleted = jobs.prune(options["days"])
            emit(self, options, {"deleted": deleted}, [f"{deleted} finished tasks deleted"])
