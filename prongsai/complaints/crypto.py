"""Encryption at rest of complaint content (identity, description, messages, notes, files).

Assumptions:
- Keys come from the environment: COMPLAINTS_KEYS="kid1:<base64 32 bytes>,kid2:…" (or the file
  named by COMPLAINTS_KEYS_FILE). The FIRST key encrypts; every listed key decrypts, so a new key is
  put first, `prongsai complaints rotate-keys` re-encrypts every row with it, and only then is the
  old key removed.
- Keys are never derived from SECRET_KEY: rotating SECRET_KEY after a leak must not make every case
  unreadable. Production must set COMPLAINTS_KEYS (`check --deploy` fails without it, and without it
  nothing is encrypted or opened: KeysNotConfigured). Development (DEBUG) without COMPLAINTS_KEYS
  uses key "local", generated once into PRONGSAI_DATA_DIR/complaints.key; the old derived "dev"
  key still opens data written before, for `rotate-keys` to re-encrypt it once.
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
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A value that no configured key opens (a missing key or altered data)."""


class KeysNotConfigured(ImproperlyConfigured):
    """Production without COMPLAINTS_KEYS, or keys that cannot be read."""


KEY_FILE_NAME = "complaints.key"


def _derive(label: str) -> bytes:
    """The pre-2026-12 key scheme, kept for the receipt index and to open old development data."""
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
            raise KeysNotConfigured(
                f"COMPLAINTS_KEYS: กุญแจ {kid!r} ไม่ใช่ base64 (key {kid!r} is not base64)"
            ) from None
        if not kid or not kid.isalnum() or len(key) != 32:
            raise KeysNotConfigured(
                f"COMPLAINTS_KEYS: กุญแจ {kid!r} ต้องมีชื่อเป็นตัวอักษรหรือตัวเลขและยาว 32 ไบต์ "
                f"(key {kid!r} must be an alphanumeric id and 32 bytes of base64)"
            )
        keys.append((kid, key))
    if not keys:
        raise KeysNotConfigured("COMPLAINTS_KEYS ไม่มีกุญแจ (COMPLAINTS_KEYS is set but holds no key)")
    return tuple(keys)


@lru_cache(maxsize=4)
def _local_key(path: str) -> bytes:
    """The development key, made once: written to a temporary file and linked into place, so two
    processes starting together agree on one key and never read a half-written file."""
    target = Path(path)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        tmp.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
        tmp.chmod(0o600)
        try:
            os.link(tmp, target)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    try:
        key = base64.b64decode(target.read_text().strip(), validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise KeysNotConfigured(
            f"ไฟล์กุญแจ {target} เสียหาย ({target} does not hold a base64 32-byte key)"
        )
    return key


def keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs; the first one encrypts."""
    spec = settings.COMPLAINTS_KEYS
    if spec:
        return _parse_keys(spec)
    if not settings.DEBUG:
        raise KeysNotConfigured(
            "ต้องกำหนด COMPLAINTS_KEYS เมื่อ DEBUG=false (COMPLAINTS_KEYS is required when DEBUG=false)"
        )
    return (("local", _local_key(str(Path(settings.DATA_DIR) / KEY_FILE_NAME))), ("dev", _derive("data")))


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
    # Without COMPLAINTS_LOOKUP_KEY the index stays on the old derivation, so receipts already
    # handed out keep working; `check --deploy` warns (docs/configuration.md).
    key = settings.COMPLAINTS_LOOKUP_KEY or _derive("lookup")
    if isinstance(key, str):
        key = key.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]
