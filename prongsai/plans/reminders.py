"""Reminders about steps: before a step's period ends, and once it is overdue.

Assumptions:
- A step is due on the last day of its measure's period; a step marked done needs no reminder.
- "Due soon" means `today` is within `days_before` Thai working days of the due date (public
  holidays from `prongsai.core.calendar.holiday_calendar`), the due date not yet passed.
- "Overdue" means `today` is after the due date. Each reminder has a dedupe key naming the step
  and the due date, so a rerun the same day or the next sends nothing again; moving the period
  (a new due date) makes a new reminder.
- `today` is always passed in; nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.core.access import roles_of
from prongsai.core.models import Organisation, User
from prongsai.core.notifications import notify
from prongsai.plans.access import users_of_unit
from prongsai.plans.models import Step, StepStatus
from prongsai.thai.dates import format_long
from prongsai.thai.workdays import working_days_between

DAYS_BEFORE = 5
DUE, OVERDUE = "due", "overdue"


@dataclass(frozen=True)
class Reminder:
    step_id: int
    kind: str  # DUE or OVERDUE
    due: date

    @property
    def dedupe_key(self) -> str:
        return f"plans.{self.kind}:step-{self.step_id}:{self.due.isoformat()}"


def reminder_for(
    step_id: int,
    status: str,
    due: date,
    today: date,
    holidays: Container[date],
    days_before: int = DAYS_BEFORE,
) -> Reminder | None:
    """The reminder a step needs today, if any."""
    if status == StepStatus.DONE:
        return None
    if today > due:
        return Reminder(step_id, OVERDUE, due)
    if working_days_between(today, due, holidays) <= days_before:
        return Reminder(step_id, DUE, due)
    return None


def open_steps(organisation: Organisation | None = None):
    steps = Step.objects.exclude(status=StepStatus.DONE).filter(unit__isnull=False)
    if organisation is not None:
        steps = steps.for_org(organisation)
    return steps.select_related("measure__plan", "unit", "organisation")


def send(
    steps: Iterable[Step], today: date, holidays: Container[date], days_before: int = DAYS_BEFORE
) -> list[tuple[Reminder, int]]:
    """Notify the step's unit (and, when overdue, the clerk); returns each reminder and how many got it."""
    sent = []
    clerks: dict[int, list[User]] = {}
    for step in steps:
        reminder = reminder_for(step.pk, step.status, step.measure.end, today, holidays, days_before)
        if reminder is None:
            continue
        recipients = users_of_unit(step.unit)
        if reminder.kind == OVERDUE:
            if step.organisation_id not in clerks:
                clerks[step.organisation_id] = _clerks(step.organisation)
            recipients += clerks[step.organisation_id]
        values = {
            "n": step.measure.number,
            "step": step.text[:80],
            "date": format_long(reminder.due),
        }
        title = (
            _("Overdue since %(date)s: measure %(n)s, “%(step)s”")
            if reminder.kind == OVERDUE
            else _("Due on %(date)s: measure %(n)s, “%(step)s”")
        ) % values
        created = notify(
            step.organisation,
            recipients,
            title,
            url=reverse("plans:step", kwargs={"step_id": step.pk}),
            kind=f"plans.{reminder.kind}",
            dedupe_key=reminder.dedupe_key,
        )
        sent.append((reminder, len(created)))
    return sent


def _clerks(organisation: Organisation) -> list[User]:
    users = User.objects.filter(organisation=organisation, is_active=True).select_related("person__position")
    return [u for u in users if "clerk" in roles_of(u)]
