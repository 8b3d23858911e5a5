"""Rate limits of the API, counted in the cache in fixed one-minute windows.

A token is counted by its prefix; a public caller by a keyed hash of its address that lives
only in the cache for the window (the address itself is never stored, as with login
throttling). Over the limit the API answers 429 with Retry-After (the seconds left in the window).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

WINDOW = 60


def _count(key: str) -> int:
    if cache.add(key, 1, WINDOW + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 1)
        return 1


class MinuteThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every request thread

    def identity(self, request) -> tuple[str, int]:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer ps_"):
            prefix = header[10:].split("_", 1)[0][:16]
            return f"token:{prefix}", settings.API_TOKEN_RATE_PER_MINUTE
        address = request.META.get(settings.API_CLIENT_ADDRESS_HEADER or "REMOTE_ADDR", "")
        keyed = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
        return f"public:{keyed}", settings.API_PUBLIC_RATE_PER_MINUTE

    def allow_request(self, request) -> bool:
        who, limit = self.identity(request)
        now = time.time()
        window = int(now // WINDOW)
        if _count(f"api-rate:{who}:{window}") <= limit:
            return True
        self._local.wait = WINDOW - (now % WINDOW)
        return False

    def wait(self) -> float:
        return max(getattr(self._local, "wait", 0.0), 1.0)
