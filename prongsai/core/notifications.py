"""Tell people about work waiting for them: an in-app notice, and an e-mail when they have an address.

`notify` is the one way to do it; pass `dedupe_key` for reminders so a scheduled command can
run again without sending the same notice twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction

from prongsai.core import jobs
from prongsai.core.models import Notification, Organisation, User

logger = logging.getLogger(__name__)


def notify(
    organisation: Organisation,
    recipients: Iterable[User],
    title: str,
    *,
    url: str = "",
    kind: str = "",
    dedupe_key: str = "",
    body: str = "",
) -> list[Notification]:
    """Create one notice per recipient (skipping repeats of `dedupe_key`); e-mail after commit."""
    created, addresses = [], []
    for user in {u.pk: u for u in recipients if u is not None}.values():
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    organisation=organisation, recipient=user, title=title[:300], url=url, kind=kind,
                    dedupe_key=dedupe_key,
                ))  # fmt: skip
        except IntegrityError:  # the same reminder raced in from another process
            continue
        if user.email:
            addresses.append(user.email)
    if addresses:
        _mail_on_commit(organisation, addresses, title, body or title, url)
    return created


def _mail_on_commit(organisation, addresses: list[str], subject: str, body: str, url: str) -> None:
    """Send through a background job once the notices are committed (a slow mail server never
    holds up a request); a failed send shows as a failed job."""
    link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    payload = {"to": addresses, "subject": subject[:200], "body": body + link}

    def send():
        try:
            jobs.enqueue("core.mail", payload=payload, organisation=organisation)
        except Exception:  # the notices are saved; a lost e-mail must not break the request
            logger.exception("e-mail to %d recipients not queued", len(addresses))

    transaction.on_commit(send)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
