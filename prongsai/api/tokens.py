"""Making, checking and revoking API tokens. The secret is `ps_<prefix>_<secret>`.

The prefix finds the row with one indexed query; the secret is compared by hash in constant
time. An expired, revoked or unknown token is simply not a token (401), whatever the reason,
so a caller learns nothing by guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from prongsai.api.models import SCOPES, ApiToken
from prongsai.core import audit

# Writing `last_used_at` on every request would make each read a write; once a minute is enough.
LAST_USED_EVERY = timedelta(minutes=1)


# Staff choose an expiry *day*; it means that whole day in Thailand, whoever's clock serves the page.
EXPIRY_ZONE = ZoneInfo("Asia/Bangkok")


def today() -> date:
    return timezone.now().astimezone(EXPIRY_ZONE).date()


def expiry_for(day: date) -> datetime:
    """The last moment of `day` in Bangkok; a day before today is refused (ValueError)."""
    if day < today():
        raise ValueError("วันหมดอายุต้องไม่ใช่วันที่ผ่านมาแล้ว (the expiry date must not be in the past)")
    return datetime.combine(day, time.max, tzinfo=EXPIRY_ZONE)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(organisation, name: str, scopes, *, user=None, expires_at=None) -> tuple[ApiToken, str]:
    """A new token and its full secret, which is never stored and cannot be shown again."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValueError(f"ไม่รู้จักสิทธิ์ {', '.join(unknown)} (unknown scopes: {', '.join(unknown)})")
    if not name.strip():
        raise ValueError("ต้องตั้งชื่อกุญแจ (the token needs a name)")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("วันหมดอายุต้องไม่ใช่วันที่ผ่านมาแล้ว (the expiry date must not be in the past)")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name.strip()[:200],
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        created_by=user,
        expires_at=expires_at,
    )
    with audit.acting_as(user or audit.current_actor()):
        token.save()
    return token, f"ps_{prefix}_{secret}"


def authenticate(raw: str, now=None) -> ApiToken | None:
    """The active token `raw` names, with its organisation; None for anything else."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "ps" or not parts[1] or not parts[2]:
        return None
    token = ApiToken.objects.select_related("organisation").filter(prefix=parts[1][:16]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(parts[2])):
        return None
    now = now or timezone.now()
    if not token.is_active(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])  # not audited: see apps.py
    return token


def revoke(token: ApiToken, user=None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    with audit.acting_as(user or audit.current_actor()):
        token.save(update_fields=["revoked_at"])
