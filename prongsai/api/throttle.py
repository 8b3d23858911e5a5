"""Rate limits of the API, counted in the shared throttle cache in fixed one-minute windows.

A caller whose token was accepted is counted by that token; every other caller (public
endpoints, and a missing, unknown, expired or made-up token) by a keyed hash of its address
that lives only in the cache for the window (the address itself is never stored, as with login
throttling). What a caller *sends* never picks its bucket, so random `Bearer ps_…` headers all
land in the sender's address bucket. Over the limit the API answers 429 with Retry-After.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

from django.conf import settings
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from prongsai.api.models import ApiToken
from prongsai.core import throttle

WINDOW = 60


def address_bucket(request) -> str:
    """The caller's address (as nginx passes it, see API_CLIENT_ADDRESS_HEADER), keyed and hashed."""
    address = request.META.get(settings.API_CLIENT_ADDRESS_HEADER or "REMOTE_ADDR", "")
    keyed = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"public:{keyed}"


def identity(request) -> tuple[str, int]:
    """The bucket and its limit: an accepted token's own, else the address's."""
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return f"token:{token.pk}", settings.API_TOKEN_RATE_PER_MINUTE
    return address_bucket(request), settings.API_PUBLIC_RATE_PER_MINUTE


def take(bucket: str, limit: int, now: float | None = None) -> float:
    """Count one request in `bucket`: 0 when allowed, else the seconds until the window ends."""
    now = time.time() if now is None else now
    if throttle.hit("api-rate", bucket, WINDOW) <= limit:
        return 0.0
    return max(WINDOW - (now % WINDOW), 1.0)


def refused_token(request) -> None:
    """A token that was not accepted costs its sender a request of the address bucket; once that
    is spent, 429 instead of 401, so guessing tokens is as slow as any other flood."""
    wait = take(address_bucket(request), settings.API_PUBLIC_RATE_PER_MINUTE)
    if wait:
        raise Throttled(wait=int(wait))


class MinuteThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every request thread

    def allow_request(self, request) -> bool:
        self._local.wait = take(*identity(request))
        return not self._local.wait

    def wait(self) -> float:
        return max(getattr(self._local, "wait", 0.0), 1.0)
