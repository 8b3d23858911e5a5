"""Counters that slow an abuser without knowing who asks (no IP address is read or kept).

Counters live in the shared `throttle` cache (Redis, else a database table: every worker process
sees the same counts), over fixed windows. Two uses:
- `recent()` measures load (paid complaints per organisation and in all): the proof of work
  (pow.py) gets harder as it rises, so a flood costs its sender more CPU, and nobody is refused.
- `take()`/`exceeded()` is a brake on guessing receipt codes, counted per look-up bucket (the
  code's first group): wrong codes against one bucket close that bucket for a while and no other,
  so guessing never locks out the complainants of a whole organisation.
Limits can be changed with settings.COMPLAINTS_LIMITS.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches

# name: (max events, window seconds); for load counters the maximum is unused.
DEFAULT_LIMITS = {
    "paid_org": (0, 600),  # complaints paid for at one organisation (load, not a limit)
    "paid_all": (0, 600),  # complaints paid for on the whole server (load, not a limit)
    "lookup_fail_bucket": (5, 900),  # wrong codes in one look-up bucket per 15 minutes
}


def _cache():
    return caches["throttle"]


def _limit(name: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **(getattr(settings, "COMPLAINTS_LIMITS", {}) or {})}[name]


def _key(name: str, scope: str, window_no: int) -> str:
    return f"complaints:rl:{name}:{scope}:{window_no}"


def _window(name: str, now: float | None = None) -> tuple[int, float]:
    """The current window's number and how far into it we are (0..1)."""
    size = _limit(name)[1]
    position = (time.time() if now is None else now) / size
    return int(position), position - int(position)


def count(name: str, scope: str = "") -> int:
    return _cache().get(_key(name, scope, _window(name)[0]), 0)


def recent(name: str, scope: str = "", now: float | None = None) -> float:
    """Events in the last window's length: this window plus the unexpired share of the previous
    one, so a count does not drop to zero at a window's edge (where a flood would start again)."""
    number, elapsed = _window(name, now)
    values = _cache().get_many([_key(name, scope, number), _key(name, scope, number - 1)])
    return values.get(_key(name, scope, number), 0) + values.get(_key(name, scope, number - 1), 0) * (
        1 - elapsed
    )


def exceeded(name: str, scope: str = "") -> bool:
    return count(name, scope) >= _limit(name)[0]


def hit(name: str, scope: str = "") -> int:
    cache, timeout = _cache(), 2 * _limit(name)[1] + 5  # kept for the next window's `recent`
    key = _key(name, scope, _window(name)[0])
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def take(name: str, scope: str = "") -> bool:
    """Count one event; False when the limit was already reached (the event is refused)."""
    if exceeded(name, scope):
        return False
    hit(name, scope)
    return True
