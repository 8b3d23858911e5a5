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
    return recent_many([(name, scope)], now)[0]


def recent_many(counters: list[tuple[str, str]], now: float | None = None) -> list[float]:
    """`recent` of several (name, scope) counters in one cache call: the proof of work reads two
    at every form and every submission, and each call is a round trip to Redis or the database."""
    keys, shares = [], []
    for name, scope in counters:
        number, elapsed = _window(name, now)
        keys.append((_key(name, scope, number), _key(name, scope, number - 1)))
        shares.append(1 - elapsed)
    values = _cache().get_many([key for pair in keys for key in pair])
    return [
        values.get(this, 0) + values.get(previous, 0) * share
        for (this, previous), share in zip(keys, shares, strict=True)
    ]


def exceeded(name: str, scope: str = "") -> bool:
    return count(name, scope) >= _limit(name)[0]


def hit(name: str, scope: str = "") -> int:
    """Count one event. The counter usually exists already, so increment first and create it only
    when missing (one cache call less per event than add-then-increment)."""
    cache, timeout = _cache(), 2 * _limit(name)[1] + 5  # kept for the next window's `recent`
    key = _key(name, scope, _window(name)[0])
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:  # no counter yet in this window (or it just expired)
            if cache.add(key, 1, timeout=timeout):
                return 1
            # another process created it between our two calls: increment theirs
    cache.set(key, 1, timeout=timeout)
    return 1


def take(name: str, scope: str = "") -> bool:
    """Count one event; False when the limit was already reached (the event is refused)."""
    if exceeded(name, scope):
        return False
    hit(name, scope)
    return True
