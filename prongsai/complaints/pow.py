"""A small proof of work before a complaint is accepted, instead of an external CAPTCHA.

The server hands out a signed challenge "<random>.<issued unix time>"; the browser
(static/complaints/pow.js) finds a counter so that SHA-256("<challenge>:<counter>") starts
with `bits` zero bits (about 2**bits hashes; 16 bits ≈ a second on a phone). Nothing is
stored until submission; a used challenge is remembered in the cache so it cannot be replayed.

Without JavaScript the form still works: a challenge at least `NO_JS_MIN_SECONDS` old is
accepted without a solution (writing a complaint takes longer than that; a bot that waits
is slowed down just the same), together with the honeypot field and the rate limits.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "prongsai.complaints.pow"
MAX_AGE = 3 * 3600
NO_JS_MIN_SECONDS = 20


def bits() -> int:
    return getattr(settings, "COMPLAINTS_POW_BITS", 16)


def no_js_min_seconds() -> int:
    return getattr(settings, "COMPLAINTS_NO_JS_MIN_SECONDS", NO_JS_MIN_SECONDS)


def new_challenge(now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.Signer(salt=SALT).sign(f"{secrets.token_hex(12)}.{issued}")


def leading_zero_bits(digest: bytes) -> int:
    total = 0
    for byte in digest:
        if byte == 0:
            total += 8
            continue
        return total + 8 - byte.bit_length()
    return total


def solves(challenge: str, counter: str, need: int) -> bool:
    if not counter.isdigit() or len(counter) > 12:
        return False
    return leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) >= need


def solve(challenge: str, need: int | None = None) -> str:
    """The browser's work, in Python (tests and the load benchmark)."""
    need = bits() if need is None else need
    counter = 0
    while not solves(challenge, str(counter), need):
        counter += 1
    return str(counter)


def check(challenge: str, counter: str, now: float | None = None) -> str | None:
    """None when the challenge is valid and paid for; otherwise a short reason code."""
    now = now if now is not None else time.time()
    try:
        value = signing.Signer(salt=SALT).unsign(challenge or "")
        issued = int(value.rsplit(".", 1)[1])
    except (signing.BadSignature, ValueError, IndexError):
        return "invalid"
    age = now - issued
    if age > MAX_AGE or age < -60:
        return "expired"
    if not solves(challenge, counter or "", bits()) and age < no_js_min_seconds():
        return "unpaid"
    if not cache.add(f"complaints:pow:{hashlib.sha256(challenge.encode()).hexdigest()}", 1, MAX_AGE + 60):
        return "replayed"
    return None
