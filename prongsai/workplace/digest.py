"""The daily digest of my work: by e-mail, and by LINE to staff who linked an account.

`prongsai work --digest` (on the schedule, Thai working days, core/schedule.py) enqueues one
`tasks.send_digest` per staff member who can receive it; the task gathers that person's list when
it runs and sends it, so nothing is mailed inside a request or from the scheduler itself. The text
is the list's titles and dates with a link to the page: a complaint appears as its case number only.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.core import jobs
from prongsai.core.mail import one_line
from prongsai.core.models import User
from prongsai.thai.dates import format_long, format_short
from prongsai.thai.digits import to_thai_digits
from prongsai.workplace import line
from prongsai.workplace.entries import Entry, collect

MAX_LINES = 30  # a longer list ends with "and N more" and the link


def when(entry: Entry) -> str:
    """By when, in words: the date and the Thai working days left or late."""
    if entry.due is None:
        return _("no deadline")
    day = format_short(entry.due)
    if entry.late:
        return _("%(date)s, %(n)s working days late") % {"date": day, "n": to_thai_digits(entry.days_late)}
    if entry.days_left == 0:
        return _("%(date)s, today") % {"date": day}
    return _("%(date)s, %(n)s working days left") % {"date": day, "n": to_thai_digits(entry.days_left)}


def subject(entries: list[Entry], today: date) -> str:
    return one_line(
        ngettext("My work on %(date)s: %(count)s item", "My work on %(date)s: %(count)s items", len(entries))
        % {"date": format_long(today), "count": to_thai_digits(len(entries))}
    )


def text(entries: list[Entry], today: date) -> str:
    lines = [subject(entries, today), ""]
    lines += [f"• {e.title} ({when(e)})" for e in entries[:MAX_LINES]]
    if len(entries) > MAX_LINES:
        lines.append(_("and %(n)s more") % {"n": to_thai_digits(len(entries) - MAX_LINES)})
    lines += ["", settings.SITE_URL.rstrip("/") + reverse("workplace:index")]
    return "\n".join(lines)


def recipients():
    """Staff in post who can receive it: an e-mail address, or a linked LINE account."""
    reachable = ~Q(email="")
    if line.configured():
        reachable |= Q(line_account__isnull=False)
    return (
        User.objects.filter(is_active=True, organisation__isnull=False, person__is_active=True)
        .filter(reachable)
        .order_by("pk")
    )


def enqueue_all(today: date) -> list[int]:
    from prongsai.workplace.tasks import send_digest

    ids = list(recipients().values_list("pk", flat=True))
    for user_id in ids:
        jobs.enqueue(send_digest, user_id, today.isoformat())
    return ids


def send(user: User, today: date) -> dict:
    """Send one person's digest; nothing when their list is empty."""
    entries = collect(user, today)
    sent = {"user": user.get_username(), "items": len(entries), "mail": 0, "line": 0}
    if not entries:
        return sent
    body = text(entries, today)
    if user.email:
        sent["mail"] = send_mail(subject(entries, today), body, None, [user.email])
    account = getattr(user, "line_account", None) if hasattr(user, "line_account") else None
    if account is not None and line.configured():
        line.push(account.line_user_id, body)
        sent["line"] = 1
    return sent
