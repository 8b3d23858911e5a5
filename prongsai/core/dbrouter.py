"""Reads of public pages from a PostgreSQL read replica, everything else from the primary.

Set DATABASE_REPLICA_URL to a streaming-replication standby and the settings add the `replica`
database, this router and the middleware below. The rule, chosen so nobody sees stale data
about their own actions:
- Only a GET/HEAD/OPTIONS request without a session cookie (a public visitor) reads the replica.
  Signed-in staff, every form post, commands, workers and the scheduler read the primary.
- Once a request writes, or while it is inside `transaction.atomic`, it reads the primary.
- A request that posted or wrote sets a short cookie (REPLICA_PIN_SECONDS), so the page it
  redirects to is read from the primary too, whatever the replica's lag.
- Writes and migrations go to the primary only.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PIN_COOKIE = "prongsai_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_allowed.get() and not connections["default"].in_atomic_block:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        _replica_allowed.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one data set, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def replica_reads(get_response):
    """Middleware: let a public visitor's read-only request use the replica (see the rule above)."""

    def middleware(request):
        eligible = (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES
        )
        allowed, wrote = _replica_allowed.set(eligible), _wrote.set(False)
        try:
            response = get_response(request)
            if _wrote.get() or request.method not in SAFE_METHODS:
                response.set_cookie(
                    PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )  # fmt: skip
            return response
        finally:
            _replica_allowed.reset(allowed)
            _wrote.reset(wrote)

    return middleware
