"""Background work of core: sending e-mail, and running a management command for the scheduler."""

from __future__ import annotations

import io
import json

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import task

from prongsai.core.mail import one_line

MAX_OUTPUT = 20_000


@task
def send_mail_task(payload: dict) -> dict:
    """One message per address, so recipients never see each other's addresses."""
    sent = 0
    for address in payload["to"]:
        sent += send_mail(one_line(payload["subject"]), payload["body"], None, [address])
    return {"sent": sent}


@task
def run_command(args: list[str]) -> dict:
    """Run `prongsai <args>` in the worker and keep what it printed (parsed when it is JSON).

    Only the schedule's commands (and JOBS_EXTRA_COMMANDS): a task must not become a way to run
    any command at all (`flush`, `shell`…).
    """
    from prongsai.core.schedule import SCHEDULE

    args = [str(a) for a in args]
    allowed = {entry.args[0] for entry in SCHEDULE} | set(settings.JOBS_EXTRA_COMMANDS)
    if not args or args[0] not in allowed:
        raise CommandError(f"prongsai {' '.join(args)} is not on the schedule")
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=out)
    except SystemExit as exc:  # argparse exits on bad arguments; a task reports it instead
        raise CommandError(f"prongsai {' '.join(args)} exited with status {exc.code}") from None
    text = out.getvalue()
    try:
        output = json.loads(text)
    except ValueError:
        output = text[-MAX_OUTPUT:]
    return {"command": " ".join(args), "output": output}

