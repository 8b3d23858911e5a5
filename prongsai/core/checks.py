"""Deploy checks: `prongsai check --deploy` fails while production still lacks what keeps it safe.

Each is an Error (the command exits non-zero) with a Thai and English message naming the variable:
complaint keys of its own (never derived from SECRET_KEY, docs/complaints.md) and receipt-code
verifier keys (docs/adr/0004), a real mail server
(the console backend would print reset links and complainants' addresses to the logs), and Redis
when several web processes must share caches and the job queue. Development (DEBUG) is exempt.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

# Backends that deliver nothing to anybody (or only to the logs or a local file).
NOT_DELIVERING = ("console", "dummy", "locmem", "filebased")


def _mail_backend_delivers(backend: str) -> bool:
    return not any(f".{name}." in backend for name in NOT_DELIVERING)


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    from prongsai.complaints import crypto

    errors = []
    if not settings.COMPLAINTS_KEYS:
        errors.append(Error(
            "ไม่ได้กำหนด COMPLAINTS_KEYS กุญแจเข้ารหัสเรื่องร้องเรียน "
            "(COMPLAINTS_KEYS, the complaint encryption keys, is not set)",
            hint="COMPLAINTS_KEYS=k1:<base64 32 bytes>  — python -c \"import base64,os;"
            "print(base64.b64encode(os.urandom(32)).decode())\" (docs/configuration.md)",
            id="prongsai.E001",
        ))  # fmt: skip
    else:
        try:
            crypto.keys()
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), id="prongsai.E001"))
    from prongsai.complaints import receipts

    try:
        receipts.keys()
    except ImproperlyConfigured as exc:
        errors.append(Error(
            str(exc),
            hint="COMPLAINTS_RECEIPT_KEYS=r1:<base64 32 bytes>, made like COMPLAINTS_KEYS but another key "
            "(docs/adr/0004-receipt-verifier.md)",
            id="prongsai.E004",
        ))  # fmt: skip
    if not _mail_backend_delivers(settings.EMAIL_BACKEND):
        errors.append(Error(
            f"EMAIL_BACKEND={settings.EMAIL_BACKEND} ไม่ส่งอีเมลจริง ต้องกำหนด EMAIL_HOST ของเซิร์ฟเวอร์ SMTP "
            f"(EMAIL_BACKEND={settings.EMAIL_BACKEND} delivers nothing: set EMAIL_HOST to an SMTP server)",
            hint=f"EMAIL_BACKEND={settings.SMTP_EMAIL_BACKEND} and EMAIL_HOST=smtp.example.go.th",
            id="prongsai.E002",
        ))  # fmt: skip
    if settings.WEB_CONCURRENCY > 1 and not settings.REDIS_URL:
        errors.append(Error(
            f"ใช้ {settings.WEB_CONCURRENCY} โปรเซสแต่ไม่ได้กำหนด REDIS_URL "
            f"(WEB_CONCURRENCY={settings.WEB_CONCURRENCY} web processes need a shared REDIS_URL)",
            hint="REDIS_URL=redis://127.0.0.1:6379/1, or WEB_CONCURRENCY=1",
            id="prongsai.E003",
        ))  # fmt: skip
    if not settings.COMPLAINTS_LOOKUP_KEY:
        errors.append(Warning(
            "ไม่ได้กำหนด COMPLAINTS_LOOKUP_KEY ดัชนีรหัสรับเรื่องจึงผูกกับ SECRET_KEY "
            "(COMPLAINTS_LOOKUP_KEY is not set: receipt look-ups depend on SECRET_KEY)",
            hint="docs/configuration.md explains how to keep existing receipts findable.",
            id="prongsai.W001",
        ))  # fmt: skip
    return errors
