"""งานของฉัน from the command line, and the daily digest.

`prongsai work --user USERNAME [--today YYYY-MM-DD] [--format json]` lists what waits for one
person: the same entries as /staff/work/ (kind, title, due, working days left, url).
`prongsai work --digest [--today YYYY-MM-DD] [--format json]` enqueues each staff member's digest
(e-mail, and LINE when linked); the schedule runs it on Thai working days (core/schedule.py).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.core.models import User
from prongsai.core.output import add_format_argument, emit
from prongsai.workplace import digest
from prongsai.workplace.entries import collect


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"วันที่ต้องเป็น YYYY-MM-DD (ค.ศ.) / dates are YYYY-MM-DD: {text!r}") from None


class Command(BaseCommand):
    help = "My work: list one person's entries (--user), or send everyone's daily digest (--digest)."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="the login whose work to list")
        who.add_argument("--digest", action="store_true", help="enqueue every staff member's daily digest")
        parser.add_argument("--today", type=_date, help="the date to act as today (YYYY-MM-DD)")
        add_format_argument(parser)

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        if options["digest"]:
            ids = digest.enqueue_all(today)
            emit(
                self, options, {"date": today, "queued": len(ids)}, [f"{len(ids)} digests queued for {today}"]
            )
            return
        user = User.objects.filter(username=options["user"]).select_related("person__position").first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ / no such user: {options['user']!r}")
        entries = collect(user, today)
        site = settings.SITE_URL.rstrip("/")
        data = {"user": user.username, "date": today, "entries": [e.to_dict() for e in entries]}
        lines = [f"{e.due or '-'}\t{e.kind}\t{e.title}\t{site}{e.url}" for e in entries]
        emit(self, options, data, lines or [f"nothing waits for {user.username}"])
