"""Encryption at rest of complaint content (identity, description, messages, notes, files).

Assumptions:
- Keys come from the environment: COMPLAINTS_KEYS="kid1:<base64 32 bytes>,kid2:…". The FIRST key
  encrypts; every listed key decrypts, so a new key is put first, `prongsai complaints rotate-keys`
  re-encrypts every row with it, and only then is the old key removed.
- Without COMPLAINTS_KEYS (development), one key "dev" is derived from SECRET_KEY; production
  must set its own keys (a stolen database plus a default SECRET_KEY must not be enough).
- AES-256-GCM, a fresh 96-bit nonce per value. Each ciphertext carries its key id:
  "kid:base64(nonce || ciphertext+tag)" as text, b"kid:" + nonce || ct for binary.
- The receipt look-up index uses a separate HMAC key (COMPLAINTS_LOOKUP_KEY or derived from
  SECRET_KEY); it is an index, not a secret store, and is not rotated (see receipts.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A value that no configured key opens (a missing key or altered data)."""


def _derive(label: str) -> bytes:
    return hashlib.sha256(f"prongsai.complaints.{label}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        kid, _sep, b64 = item.partition(":")
        try:
            key = base64.b64decode(b64, validate=True)
        except ValueError:
            raise ImproperlyConfigured(f"COMPLAINTS_KEYS: key {kid!r} is not base64") from None
        if not kid or not kid.isalnum() or len(key) != 32:
            raise ImproperlyConfigured(
                f"COMPLAINTS_KEYS: key {kid!r} must be an alphanumeric id and 32 bytes of base64"
            )
        keys.append((kid, key))
    if not keys:
        raise ImproperlyConfigured("COMPLAINTS_KEYS is set but holds no key")
    return tuple(keys)


def keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs; the first one encrypts."""
    spec = getattr(settings, "COMPLAINTS_KEYS", None) or os.environ.get("COMPLAINTS_KEYS", "")
    if not spec:
        return (("dev", _derive("data")),)
    return _parse_keys(spec)


def current_key_id() -> str:
    return keys()[0][0]


def _key(kid: str) -> bytes:
    for candidate, key in keys():
        if candidate == kid:
            return key
    raise DecryptionError(f"no key {kid!r} is configured")


def encrypt_bytes(data: bytes, aad: bytes = b"") -> bytes:
    kid, key = keys()[0]
    nonce = os.urandom(12)
    return kid.encode() + b":" + nonce + AESGCM(key).encrypt(nonce, data, aad)


def decrypt_bytes(blob: bytes, aad: bytes = b"") -> bytes:
    kid, _sep, rest = bytes(blob).partition(b":")
    try:
        return AESGCM(_key(kid.decode())).decrypt(rest[:12], rest[12:], aad)
    except (InvalidTag, UnicodeDecodeError, ValueError):
        raise DecryptionError("the value cannot be opened with its key") from None


def encrypt_text(text: str, aad: bytes = b"") -> str:
    if not text:
        return ""
    kid, _sep, rest = encrypt_bytes(text.encode(), aad).partition(b":")
    return f"{kid.decode()}:{base64.b64encode(rest).decode()}"


def decrypt_text(value: str, aad: bytes = b"") -> str:
    if not value:
        return ""
    kid, _sep, b64 = value.partition(":")
    try:
        raw = base64.b64decode(b64)
    except ValueError:
        raise DecryptionError("the value is not a ciphertext") from None
    return decrypt_bytes(kid.encode() + b":" + raw, aad).decode()


def encrypt_blob(data: bytes, aad: bytes = b"") -> str:
    """Binary content as text ("kid:base64"), so rows stay JSON-friendly for the audit log."""
    kid, _sep, rest = encrypt_bytes(data, aad).partition(b":")
    return f"{kid.decode()}:{base64.b64encode(rest).decode()}"


def decrypt_blob(value: str, aad: bytes = b"") -> bytes:
    kid, _sep, b64 = value.partition(":")
    try:
        raw = base64.b64decode(b64)
    except ValueError:
        raise DecryptionError("the value is not a ciphertext") from None
    return decrypt_bytes(kid.encode() + b":" + raw, aad)


def key_id_of(value: str) -> str:
    return value.split(":", 1)[0]


def lookup_hmac(message: str) -> str:
    key = (
        getattr(settings, "COMPLAINTS_LOOKUP_KEY", None)
        or os.environ.get("COMPLAINTS_LOOKUP_KEY", "").encode()
        or _derive("lookup")
    )
    if isinstance(key, str):
        key = key.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]
