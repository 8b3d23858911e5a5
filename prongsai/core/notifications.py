"""Tell people about work waiting for them: an in-app notice, and an e-mail when they have an address.

`notify` is the one way to do it; pass `dedupe_key` for reminders so a scheduled command can
run again without sending the same notice twice. `mail_later` is the one way to send e-mail from a
request: a background task after the commit, never `send_mail` in the request (a slow or silent mail
server would hold the page; EMAIL_TIMEOUT bounds the task).
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
        link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        mail_later(organisation, addresses, title, (body or title) + link)
    return created


def mail_later(organisation, addresses: list[str], subject: str, body: str) -> None:
    """Send once the transaction commits, one message per address, in a background task."""
    from prongsai.core.tasks import send_mail_task

    payload = {"to": list(addresses), "subject": subject[:200], "body": body}
    mail_task_later(send_mail_task, payload)


def mail_task_later(task, payload: dict) -> None:
    """Queue an e-mail task after the commit; a failed send shows as a failed task. A task of its
    own (e.g. complaints.mail.mail_complainant) finds the address when it runs, so an address that
    must not be copied (a complainant's) never reaches the task store."""

    def send():
        try:
            jobs.enqueue(task, payload)
        except Exception:  # the change is saved; a lost e-mail must not break the request
            logger.exception("e-mail task %s not queued", task.name)

    transaction.on_commit(send)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    known = getattr(user, "unread_at_load", None)  # counted with the login (core/session_user.py)
    if known is not None:
        return known
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
