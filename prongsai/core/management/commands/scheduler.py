"""`prongsai scheduler`: fire the recurring commands of `core/schedule.py` as background tasks.

Run one per installation (a second one waits as a standby: the lease keeps it idle until the
first stops renewing). Cron users without a long-running process call `--once` every few minutes.
"""

import os
import signal
import socket
import threading
import uuid

from django.core.management.base import BaseCommand
from django.utils import timezone

from prongsai.core import jobs, schedule
from prongsai.core.models import ScheduledRun
from prongsai.core.output import add_format_argument, emit


def _status(result) -> str:
    """queued, running, done or failed (the words of the job pages); "queued" until enqueued."""
    return jobs.STATES[result.status] if result is not None else "queued"


class Command(BaseCommand):
    help = "Fire scheduled commands (reminders, retention, link checks) as tasks; --once for cron."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="fire what is due now and exit")
        parser.add_argument("--list", action="store_true", help="show the schedule and the last runs")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between passes")
        add_format_argument(parser)

    def handle(self, *args, **options):
        if options["list"]:
            return self._list(options)
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        for name in schedule.missing_commands():
            self.stderr.write(f"warning: scheduled {name!r} names a command this installation lacks")
        if options["once"]:
            return self._once(holder, options)
        stopping = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.set())
        standing_by = None
        try:
            while not stopping.is_set():
                fired = schedule.tick(timezone.now(), holder)
                if fired is None and standing_by is not True:
                    holder_now = schedule.lease_holder()
                    self.stdout.write(f"another scheduler ({holder_now}) is running; standing by")
                elif fired is not None and standing_by is not False:
                    self.stdout.write(f"scheduler {holder} firing {len(schedule.SCHEDULE)} entries")
                for run in fired or []:
                    self.stdout.write(f"{run.entry} ({run.period}) → task {run.task_id}")
                standing_by = fired is None
                self.stdout.flush()
                stopping.wait(options["interval"])
        finally:
            schedule.release_lease(holder)

    def _once(self, holder, options):
        try:
            fired = schedule.tick(timezone.now(), holder)
        finally:
            schedule.release_lease(holder)
        if fired is None:
            holder_now = schedule.lease_holder()
            emit(self, options, {"fired": [], "standing_by": holder_now},
                 [f"another scheduler ({holder_now}) is running; nothing fired"])  # fmt: skip
            return
        data = [
            {"entry": r.entry, "period": r.period, "task": r.task_id, "status": _status(r.task_result)}
            for r in fired
        ]
        lines = [f"{d['entry']} ({d['period']}) → task {d['task']} {d['status']}" for d in data]
        emit(self, options, {"fired": data}, lines or ["nothing due"])

    def _list(self, options):
        missing = set(schedule.missing_commands())
        last = {}
        for run in ScheduledRun.objects.order_by("entry", "-created_at"):
            last.setdefault(run.entry, run)
        data = []
        for entry in schedule.SCHEDULE:
            run = last.get(entry.name)
            data.append({
                "entry": entry.name, "command": " ".join(entry.args), "at": entry.at.strftime("%H:%M"),
                "days": entry.days, "missing_command": entry.name in missing,
                "last_period": run.period if run else None,
                "last_status": _status(jobs.result_of(run.task_id)) if run else None,
            })  # fmt: skip
        lines = [
            f"{d['at']} {d['days']:<8} {d['entry']:<22} "
            f"last: {d['last_period'] or '-'} {d['last_status'] or ''}"
            + ("  (command missing)" if d["missing_command"] else "")
            for d in data
        ]
        emit(self, options, {"schedule": data}, lines)
