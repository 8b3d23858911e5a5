"""The schedule of recurring work, as data, and the one scheduler that fires it.

Each entry names a `prongsai` command and when it runs (local time, Asia/Bangkok). Firing an
entry enqueues the `run_command` task (core/tasks.py), so the command runs in a worker and its
output is kept as the task's result. `ScheduledRun` is unique per entry and period, so an entry
fires once per day (or week) even when two schedulers run; the `Lease` row keeps all but one
scheduler idle (a standby takes over when the holder stops renewing). A missed occurrence fires
late only within CATCH_UP: reminder commands look at what is due, so the next run covers what a
skipped one would have sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.management import get_commands
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from prongsai.core import jobs, tasks
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Lease, ScheduledRun
from prongsai.thai.workdays import is_working_day

logger = logging.getLogger(__name__)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATCH_UP = timedelta(hours=12)
LEASE_NAME = "scheduler"
LEASE_SECONDS = 120


@dataclass(frozen=True)
class Entry:
    name: str
    args: tuple[str, ...]
    at: time
    days: str = "daily"  # "daily", "working" (Thai working days) or a weekday: "mon" … "sun"

    def runs_on(self, day: date, holidays) -> bool:
        if self.days == "daily":
            return True
        if self.days == "working":
            return is_working_day(day, holidays)
        return WEEKDAYS[day.weekday()] == self.days

    def period(self, day: date) -> str:
        if self.days in WEEKDAYS:
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return day.isoformat()


SCHEDULE: tuple[Entry, ...] = (
    Entry("plan remind", ("plan", "remind", "--format", "json"), time(7, 0), "working"),
    Entry("property remind", ("property", "remind", "--format", "json"), time(7, 10), "working"),
    Entry("complaints remind", ("complaints", "remind", "--format", "json"), time(7, 20), "working"),
    # งานของฉัน by e-mail and LINE, after the reminders above have moved their cases (workplace/digest.py).
    Entry("work digest", ("work", "--digest", "--format", "json"), time(7, 30), "working"),
    Entry("complaints retention", ("complaints", "retention", "--format", "json"), time(2, 0)),
    Entry("oit check-links", ("oit", "check-links", "--format", "json"), time(3, 0), "sun"),
    Entry("jobs prune", ("jobs", "prune", "--format", "json"), time(3, 30)),
    # Signs the audit chains' heads into a file outside the database (core/audit.py).
    Entry("audit anchor", ("audit", "anchor", "--format", "json"), time(0, 30)),
)


def latest_due(entry: Entry, now: datetime, holidays) -> datetime | None:
    """The latest time at or before `now` at which the entry was due (within two weeks)."""
    local = timezone.localtime(now)
    for back in range(15):
        day = local.date() - timedelta(days=back)
        if entry.runs_on(day, holidays):
            due = timezone.make_aware(datetime.combine(day, entry.at))
            if due <= local:
                return due
    return None


def acquire_lease(holder: str, now: datetime, *, seconds: int = LEASE_SECONDS) -> bool:
    """Take or renew the scheduler's lease; False while another live scheduler holds it."""
    expires = now + timedelta(seconds=seconds)
    free_or_mine = Q(holder=holder) | Q(expires_at__lt=now)
    if Lease.objects.filter(free_or_mine, name=LEASE_NAME).update(holder=holder, expires_at=expires):
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=LEASE_NAME, holder=holder, expires_at=expires)
    except IntegrityError:  # the row exists and another holder's lease is still running
        return False
    return True


def release_lease(holder: str) -> None:
    Lease.objects.filter(name=LEASE_NAME, holder=holder).delete()


def lease_holder() -> str:
    lease = Lease.objects.filter(name=LEASE_NAME, expires_at__gte=timezone.now()).first()
    return lease.holder if lease else ""


def missing_commands(entries=SCHEDULE) -> list[str]:
    known = get_commands()
    return [e.name for e in entries if e.args[0] not in known]


def fire_due(now: datetime, entries=SCHEDULE) -> list[ScheduledRun]:
    """Enqueue every entry due and not yet fired for its period; safe to call from two places."""
    holidays = holiday_calendar()
    fired = []
    for entry in entries:
        due = latest_due(entry, now, holidays)
        if due is None or now - due > CATCH_UP:
            continue
        period = entry.period(due.date())
        if ScheduledRun.objects.filter(entry=entry.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(entry=entry.name, period=period, due_at=due)
        except IntegrityError:  # another scheduler fired it a moment ago
            continue
        # Enqueued after the run row commits: a task run at once must not hold a write transaction.
        keep_id = lambda result, pk=run.pk: ScheduledRun.objects.filter(pk=pk).update(task_id=result.id)  # noqa: E731
        run.task_result = jobs.enqueue(tasks.run_command, list(entry.args), on_enqueued=keep_id)
        run.refresh_from_db(fields=["task_id"])
        if run.task_result is not None and run.task_result.status == "FAILED":
            logger.error("scheduled %r failed: %s", entry.name, run.task_result.errors[-1].traceback)
        fired.append(run)
    return fired


def tick(now: datetime, holder: str, entries=SCHEDULE) -> list[ScheduledRun] | None:
    """One pass of the scheduler: None when another scheduler holds the lease."""
    if not acquire_lease(holder, now):
        return None
    return fire_due(now, entries)
