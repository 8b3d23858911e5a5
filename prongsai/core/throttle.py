"""Login throttling by account: after too many failures the account waits, whoever is trying.

Counting by account name rather than by address means no client address is ever stored,
and spreading a guessing attack over many addresses does not help it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str) -> str:
    return "login-failures:" + hashlib.sha256(username.strip().casefold().encode()).hexdigest()


def is_locked(username: str) -> bool:
    return cache.get(_key(username), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str) -> None:
    key = _key(username)
    if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear(username: str) -> None:
    cache.delete(_key(username))
