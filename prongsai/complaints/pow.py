"""Proof of work before a complaint is accepted: the price every sender pays, instead of an
external CAPTCHA or an address-based limit (no IP address may be kept or used).

The server hands out a signed challenge "<random>.<issued unix time>.<bits>.<organisation id>";
the browser (static/complaints/pow.js) finds a counter so that SHA-256("<challenge>:<counter>")
starts with `bits` zero bits (about 2**bits hashes; 16 bits ≈ a second on a phone). Every
submission must carry a solution: there is no "wait instead" path, since waiting costs a bot nothing.

The price follows the load: `bits()` adds one bit each time the complaints paid for in the last
ten minutes double past COMPLAINTS_POW_STEP (at one organisation) or ten times that (on the
whole server), up to COMPLAINTS_POW_MAX_EXTRA_BITS. A flood thus costs its sender more and more
CPU, while a real complainant is never refused: at worst their browser works longer.
The bits are fixed in the signed challenge, so a load change while someone writes does not
void their work; a challenge more than GRACE_BITS easier than the current price (one kept from
a quiet hour for a later flood) is refused with a fresh one, and the form keeps what was typed.
A used challenge is remembered in the shared throttle cache, so it cannot be replayed.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from prongsai.complaints import throttle

SALT = "prongsai.complaints.pow"
MAX_AGE = 3 * 3600
GRACE_BITS = 2


def base_bits() -> int:
    return getattr(settings, "COMPLAINTS_POW_BITS", 16)


def bits(organisation_id: int) -> int:
    """The price of a complaint to this organisation now."""
    step = max(1, getattr(settings, "COMPLAINTS_POW_STEP", 10))
    at_organisation, on_server = throttle.recent_many([("paid_org", str(organisation_id)), ("paid_all", "")])
    load = max(at_organisation / step, on_server / (10 * step))
    extra = min(getattr(settings, "COMPLAINTS_POW_MAX_EXTRA_BITS", 5), int(math.log2(1 + load)))
    return base_bits() + extra


def new_challenge(organisation_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    value = f"{secrets.token_hex(12)}.{issued}.{bits(organisation_id)}.{organisation_id}"
    return signing.Signer(salt=SALT).sign(value)


def challenge_bits(challenge: str) -> int:
    """The bits a challenge asks for, read without checking its signature (for the solver)."""
    return int(challenge.rsplit(":", 1)[0].split(".")[2])


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
    need = challenge_bits(challenge) if need is None else need
    counter = 0
    while not solves(challenge, str(counter), need):
        counter += 1
    return str(counter)


def check(challenge: str, counter: str, organisation_id: int, now: float | None = None) -> str | None:
    """None when the challenge is valid and paid for (and counts it as load); else a reason code."""
    now = now if now is not None else time.time()
    try:
        _random, issued, asked, org = signing.Signer(salt=SALT).unsign(challenge or "").split(".")
        issued, asked = int(issued), int(asked)
    except (signing.BadSignature, ValueError):
        return "invalid"
    if org != str(organisation_id):
        return "invalid"
    age = now - issued
    if age > MAX_AGE or age < -60:
        return "expired"
    if not solves(challenge, counter or "", max(asked, bits(organisation_id) - GRACE_BITS)):
        return "unpaid"
    used = f"complaints:pow:{hashlib.sha256(challenge.encode()).hexdigest()}"
    if not caches["throttle"].add(used, 1, MAX_AGE + 60):
        return "replayed"
    throttle.hit("paid_org", str(organisation_id))
    throttle.hit("paid_all")
    return None
