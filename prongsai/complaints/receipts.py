"""Receipt codes: the complainant's only key to their case, shown once and never stored.

Design (think of a stolen database, and of someone guessing codes on the follow-up page):
- A code is 20 characters of Crockford base32 (100 random bits), shown in five groups of four:
  "7KQ2-MX9D-…". It is typed, so the alphabet leaves out I, L, O and U and reading accepts
  lower case, spaces and the look-alikes (O→0, I/L→1).
- The first group (20 bits) is the look-up part: the database stores
  HMAC(lookup key, organisation id + first group) in an indexed column, so finding a case
  needs one indexed query plus an Argon2 check of the (few) rows in that bucket, never a
  scan of all hashes. Without the HMAC key the index says nothing about the code.
- The whole code is stored only as an Argon2id hash. Even if the look-up part leaks,
  80 bits remain behind Argon2 — beyond guessing, online or offline.
- Failed look-ups are counted per look-up index (see throttle.py), so guessing one bucket is
  throttled without knowing who asks, and never locks the other buckets.
- A wrong code costs one Argon2 check whether or not its bucket holds a case (`dummy_hash`),
  so the response time does not tell which buckets are in use.
- Argon2 parameters are argon2-cffi's defaults (RFC 9106 low-memory profile); a benchmark may
  lower them with settings.COMPLAINTS_ARGON2 = {"time_cost": 1, ...}. Each hash records its own
  parameters, so codes hashed either way keep verifying.
"""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
GROUPS, GROUP_LEN = 5, 4
LENGTH = GROUPS * GROUP_LEN
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _hasher() -> PasswordHasher:
    return PasswordHasher(**(getattr(settings, "COMPLAINTS_ARGON2", None) or {}))


class MalformedCode(ValueError):
    """Not something a receipt code could be (wrong length or characters)."""


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_LEN] for i in range(0, LENGTH, GROUP_LEN))


def normalise(typed: str) -> str:
    """The canonical 20 characters of a typed code, or MalformedCode."""
    cleaned = re.sub(r"[\s\-]", "", typed or "").upper().translate(_TRANSLATE)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        raise MalformedCode(typed)
    return cleaned


def lookup_id(organisation_id: int, code: str) -> str:
    from prongsai.complaints.crypto import lookup_hmac

    return lookup_hmac(f"{organisation_id}:{normalise(code)[:GROUP_LEN]}")


def hash_code(code: str) -> str:
    return _hasher().hash(normalise(code))


_dummies: dict[str, str] = {}


def dummy_hash() -> str:
    """A hash of no code, with the current parameters: the work a miss on an empty bucket does."""
    key = repr(sorted((getattr(settings, "COMPLAINTS_ARGON2", None) or {}).items()))
    if key not in _dummies:
        _dummies[key] = _hasher().hash(secrets.token_hex(16))
    return _dummies[key]


def verify(code_hash: str, code: str) -> bool:
    try:
        return _hasher().verify(code_hash, normalise(code))
    except (VerificationError, InvalidHashError, MalformedCode):
        return False
