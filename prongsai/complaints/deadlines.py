"""Deadlines of a case in Thai working days, and which cases are late or nearly so.

Assumptions: the days allowed per state come from `workflow.deadline_days` (the organisation's
own figures on the centre page, then the server's setting, then the defaults cited in
workflow.py). Working days are Monday–Friday minus the `Holiday` table (core/calendar.py).
A case is *due soon* when its due date is at most `COMPLAINTS_DUE_SOON_DAYS` (default 2)
working days away, and *overdue* the day after its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from prongsai.complaints import workflow
from prongsai.complaints.models import CentreSettings, Complaint
from prongsai.core.calendar import holiday_calendar
from prongsai.thai.workdays import HolidayCalendar, add_working_days, working_days_between


def overrides_for(organisation) -> dict:
    row = CentreSettings.objects.for_org(organisation).only("deadlines").first()
    return dict(row.deadlines) if row else {}


def due_date(organisation, state: str, since: date, calendar: HolidayCalendar | None = None) -> date | None:
    days = workflow.deadline_days(state, overrides_for(organisation))
    if days is None:
        return None
    return add_working_days(since, days, calendar if calendar is not None else holiday_calendar())


def due_soon_days() -> int:
    return getattr(settings, "COMPLAINTS_DUE_SOON_DAYS", 2)


@dataclass(frozen=True)
class Late:
    """A case with its due date and the working days left (negative: days overdue)."""

    complaint: Complaint
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def late_cases(organisation, today: date, calendar: HolidayCalendar | None = None) -> list[Late]:
    """Open cases overdue or due soon, most late first. Only the texts the conflict check needs
    (who is concerned, the description) are loaded, never shown."""
    calendar = calendar if calendar is not None else holiday_calendar()
    horizon = add_working_days(today, due_soon_days(), calendar)
    cases = (
        Complaint.objects.for_org(organisation)
        .filter(state__in=workflow.OPEN_STATES, due_on__isnull=False, due_on__lte=horizon)
        .select_related("assigned_to__person", "unit_concerned")
        .defer("identity_enc", "when_where_enc")
        .order_by("due_on", "pk")
    )
    return [Late(case, working_days_between(today, case.due_on, calendar)) for case in cases]
