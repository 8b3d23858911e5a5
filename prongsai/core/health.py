"""`/healthz` for load balancers: database, cache, task queue and disk, each checked for real."""

import shutil
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

STALE_JOB_SECONDS = 15 * 60
MIN_FREE_BYTES = 512 * 1024 * 1024


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    key = f"healthz:{time.time_ns()}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return "ok" if ok else "cache does not keep values"


def _queue() -> str:
    """Tasks nobody has picked up for a long time mean no worker is running; with the database
    backend, running tasks whose worker's lease lapsed mean a worker died under them (its next
    look marks them failed); with RQ, Redis must answer."""
    limit = timezone.now() - timezone.timedelta(seconds=STALE_JOB_SECONDS)
    if settings.TASKS_BACKEND == "rq":
        import django_rq

        queue = django_rq.get_queue("default")
        oldest = queue.get_jobs(0, 1)
        stale = 1 if oldest and oldest[0].enqueued_at and oldest[0].enqueued_at < limit else 0
        lost = 0
    elif settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        from prongsai.core import dbworker

        stale = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit).count()
        lost = len(dbworker.lost_tasks())
    else:
        return "ok"
    if stale:
        return f"{stale} tasks waiting for more than 15 minutes"
    return "ok" if not lost else f"{lost} running tasks whose worker stopped"


def _disk() -> str:
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(settings.MEDIA_ROOT).free
    return "ok" if free >= MIN_FREE_BYTES else f"only {free // 1_048_576} MB free"


CHECKS = {"database": _database, "cache": _cache, "queue": _queue, "disk": _disk}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a failing check is reported, never raised to the load balancer
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503
    )
