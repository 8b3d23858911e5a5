"""Rate limits that never look at who is asking (no IP address is read or kept).

Counters live in the cache, keyed by organisation, by receipt look-up index, or globally, over
fixed windows. A limit reached answers 429 with a message; it is a brake on floods and on
guessing, not an identity check. Limits can be changed with settings.COMPLAINTS_LIMITS.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

# name: (max events, window seconds)
DEFAULT_LIMITS = {
    "intake_org": (30, 600),  # complaints to one organisation per 10 minutes
    "intake_all": (300, 600),  # complaints to the whole server per 10 minutes
    "lookup_org": (120, 600),  # receipt look-ups at one organisation per 10 minutes
    "lookup_all": (1200, 600),
    "lookup_fail_bucket": (5, 900),  # wrong codes in one look-up bucket per 15 minutes
    "lookup_fail_org": (30, 900),  # wrong codes at one organisation per 15 minutes
}


def _limit(name: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **(getattr(settings, "COMPLAINTS_LIMITS", {}) or {})}[name]


def _key(name: str, scope: str) -> str:
    _max, window = _limit(name)
    return f"complaints:rl:{name}:{scope}:{int(time.time() // window)}"


def count(name: str, scope: str = "") -> int:
    return cache.get(_key(name, scope), 0)


def exceeded(name: str, scope: str = "") -> bool:
    return count(name, scope) >= _limit(name)[0]


def hit(name: str, scope: str = "") -> int:
    key = _key(name, scope)
    cache.add(key, 0, timeout=_limit(name)[1] + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_limit(name)[1] + 5)
        return 1


def take(name: str, scope: str = "") -> bool:
    """Count one event; False when the limit was already reached (the event is refused)."""
    if exceeded(name, scope):
        return False
    hit(name, scope)
    return True
