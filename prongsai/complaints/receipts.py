"""Receipt codes: the complainant's only key to their case, shown once and never stored.

Design (think of a stolen database, and of someone guessing codes on the follow-up page):
- A code is 20 characters of Crockford base32 (100 random bits), shown in five groups of four:
  "7KQ2-MX9D-…". It is typed, so the alphabet leaves out I, L, O and U and reading accepts
  lower case, spaces and the look-alikes (O→0, I/L→1).
- The first group (20 bits) is the look-up part: the database stores
  HMAC(lookup key, organisation id + first group) in an indexed column, so finding a case
  needs one indexed query plus a check of the (few) rows in that bucket, never a scan of all
  hashes. Without the HMAC key the index says nothing about the code.
- The whole code is stored only as a keyed verifier, "hmac-sha256$<key id>$<hex>", with a key
  from COMPLAINTS_RECEIPT_KEYS (never in the database; docs/adr/0004-receipt-verifier.md).
  A slow hash (Argon2) protects guessable secrets; a code of 100 random bits is not guessable:
  even the 80 bits behind a leaked look-up part take 2**80 tries, and without the key a stolen
  database cannot test a single guess. Argon2id hashes of codes handed out before (argon2-cffi
  defaults) still verify, and are replaced by the keyed form the first time the code is used.
- Keys rotate like COMPLAINTS_KEYS: the first key hashes new codes, every listed key verifies,
  and a code verified under an older key is hashed again under the first on use (`needs_update`).
  An older key stays listed while cases still rest on it (`keys_in_use`).
- Failed look-ups are counted per look-up index (see throttle.py), so guessing one bucket is
  throttled without knowing who asks, and never locks the other buckets.
- A wrong code costs one verifier check whether or not its bucket holds a case (`dummy_hash`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings

from prongsai.complaints.crypto import KeysNotConfigured

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
GROUPS, GROUP_LEN = 5, 4
LENGTH = GROUPS * GROUP_LEN
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
SCHEME = "hmac-sha256"
LEGACY_PREFIX = "$argon2"
_LABEL = b"prongsai.complaints.receipt:"


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


# ----- keys ---------------------------------------------------------------------------------------


def keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs of COMPLAINTS_RECEIPT_KEYS; the first one hashes new codes.

    Development (DEBUG) without it uses key "local", made once in the data directory (core/keys.py)."""
    from prongsai.complaints.crypto import _parse_keys

    spec = getattr(settings, "COMPLAINTS_RECEIPT_KEYS", "")
    if spec:
        try:
            return _parse_keys(spec)
        except KeysNotConfigured as exc:
            raise KeysNotConfigured(str(exc).replace("COMPLAINTS_KEYS", "COMPLAINTS_RECEIPT_KEYS")) from None
    if not settings.DEBUG:
        raise KeysNotConfigured(
            "ต้องกำหนด COMPLAINTS_RECEIPT_KEYS เมื่อ DEBUG=false "
            "(COMPLAINTS_RECEIPT_KEYS is required when DEBUG=false)"
        )
    from prongsai.core.keys import key

    return (("local", key("COMPLAINTS_RECEIPT_KEYS")),)


def _key(kid: str) -> bytes:
    for candidate, value in keys():
        if candidate == kid:
            return value
    raise KeysNotConfigured(
        f"รหัสรับเรื่องใช้กุญแจ {kid!r} ที่ไม่อยู่ใน COMPLAINTS_RECEIPT_KEYS "
        f"(a receipt rests on key {kid!r}, which COMPLAINTS_RECEIPT_KEYS no longer lists)"
    )


def _digest(key: bytes, normalised: str) -> str:
    return hmac.new(key, _LABEL + normalised.encode(), hashlib.sha256).hexdigest()


# ----- hashing and checking -------------------------------------------------------------------------


def hash_code(code: str) -> str:
    """The stored verifier of a code: keyed HMAC-SHA256 under the first receipt key.

    settings.COMPLAINTS_RECEIPT_VERIFIER = "argon2" hashes with Argon2id instead; it exists only so
    that bench/complaints.py can measure both verifiers in one run (docs/adr/0004)."""
    normalised = normalise(code)
    if getattr(settings, "COMPLAINTS_RECEIPT_VERIFIER", SCHEME) == "argon2":
        return _argon2().hash(normalised)
    kid, key = keys()[0]
    return f"{SCHEME}${kid}${_digest(key, normalised)}"


def verify(code_hash: str, code: str) -> bool:
    """Whether `code` is the code behind `code_hash` (keyed form, or an Argon2id hash from before).

    A hash under a key no longer configured raises KeysNotConfigured (a 503 naming the setting),
    rather than telling a real complainant their code is wrong."""
    try:
        normalised = normalise(code)
    except MalformedCode:
        return False
    if code_hash.startswith(LEGACY_PREFIX):
        try:
            return _argon2().verify(code_hash, normalised)
        except (VerificationError, InvalidHashError):
            return False
    scheme, _sep, rest = code_hash.partition("$")
    kid, _sep, digest = rest.partition("$")
    if scheme != SCHEME or not kid or not digest:
        return False
    return hmac.compare_digest(_digest(_key(kid), normalised), digest)


def needs_update(code_hash: str) -> bool:
    """True for an Argon2 hash or a hash under an older key: hash the code again once it is used."""
    if code_hash.startswith(LEGACY_PREFIX):
        return getattr(settings, "COMPLAINTS_RECEIPT_VERIFIER", SCHEME) != "argon2"
    return code_hash.split("$")[1:2] != [keys()[0][0]]


def key_id(code_hash: str) -> str:
    """The receipt key a stored verifier rests on ("argon2" for the old hashes)."""
    return "argon2" if code_hash.startswith(LEGACY_PREFIX) else code_hash.split("$")[1]


_dummies: dict[str, str] = {}


def dummy_hash() -> str:
    """A verifier of no code, in the current form: the work a miss on an empty bucket does."""
    kid = "argon2" if getattr(settings, "COMPLAINTS_RECEIPT_VERIFIER", SCHEME) == "argon2" else keys()[0][0]
    marker = f"{kid}:{sorted((getattr(settings, 'COMPLAINTS_ARGON2', None) or {}).items())}"
    if marker not in _dummies:
        _dummies[marker] = hash_code(new_code())
    return _dummies[marker]


def _argon2() -> PasswordHasher:
    """Old receipts' Argon2id (each hash carries its own parameters, so any of them verifies)."""
    return PasswordHasher(**(getattr(settings, "COMPLAINTS_ARGON2", None) or {}))


def keys_in_use() -> dict[str, int]:
    """Cases per receipt key ("argon2" for the old hashes): an older key is removed only at 0."""
    from collections import Counter

    from prongsai.complaints.models import Complaint

    return dict(Counter(key_id(h) for h in Complaint.objects.values_list("receipt_hash", flat=True)))
