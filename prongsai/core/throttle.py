"""Sign-in throttles: failed logins per account, password-reset requests per address and per client.

Counters live in the shared `throttle` cache (Redis, else a database table), so every worker
process sees the same counts, over fixed windows. Identities are keyed hashes: neither account
names, e-mail addresses nor client addresses are stored, and counting failed logins by account
means spreading a guessing attack over many addresses does not help it.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches

RESET_WINDOW = 60 * 60


def _store():
    return caches["throttle"]


def _key(scope: str, identity: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), identity.strip().casefold().encode(), hashlib.sha256)
    return f"throttle:{scope}:{digest.hexdigest()[:40]}:{int(time.time()) // window}"


def hit(scope: str, identity: str, window: int) -> int:
    """Count one event for `identity` and return the count in the current window."""
    store, key = _store(), _key(scope, identity, window)
    if store.add(key, 1, window):
        return 1
    try:
        count = store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, window)
        return 1
    store.touch(key, window)  # the database cache's incr resets the expiry to its default
    return count


def count(scope: str, identity: str, window: int) -> int:
    return _store().get(_key(scope, identity, window), 0)


def is_locked(username: str) -> bool:
    return count("login", username, settings.LOGIN_LOCKOUT_SECONDS) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str) -> None:
    hit("login", username, settings.LOGIN_LOCKOUT_SECONDS)


def clear(username: str) -> None:
    _store().delete(_key("login", username, settings.LOGIN_LOCKOUT_SECONDS))


def client_address(request) -> str:
    """The caller's address: from the header the proxy sets for /accounts/, else the socket's."""
    return request.META.get(settings.ACCOUNTS_CLIENT_ADDRESS_HEADER or "REMOTE_ADDR", "")


def reset_allowed(email: str, client: str) -> bool:
    """Count a password-reset request; False once the address or the client has asked too often.

    Every request is counted, whether or not the address belongs to an account, so the answer
    says nothing about which addresses exist.
    """
    by_address = hit("reset-address", email, RESET_WINDOW)
    by_client = hit("reset-client", client, RESET_WINDOW)
    return by_address <= settings.PASSWORD_RESET_LIMIT and by_client <= settings.PASSWORD_RESET_CLIENT_LIMIT
