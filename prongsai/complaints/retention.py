"""Retention: closed cases are deleted after a period, leaving only anonymous figures.

Assumptions:
- The period runs from the closing date (`closed_on`) and is `COMPLAINTS_RETENTION_DAYS`
  (default 730, two years). Only closed cases are ever deleted; an open case is kept however old.
- Each deleted case leaves one `ClosedCase` row (month received, category, how it ended, days
  and working days to close, organisation): the public statistics read those rows together
  with the live cases, so they do not change when cases are deleted.
- The case goes with everything attached to it (steps, messages, notes, evidence files, which
  are kept encrypted in the database with their case, and break-glass grants), one case per
  transaction, so an interrupted run leaves every case whole or gone and can simply run again.
- The audit log keeps one `complaints.retention` entry per organisation and run, with the count
  and the case numbers, no content (the rows' own delete entries follow from the signals).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from prongsai.complaints.models import ClosedCase, Complaint
from prongsai.complaints.workflow import State
from prongsai.core import audit
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Organisation
from prongsai.thai.workdays import HolidayCalendar, working_days_between

DEFAULT_DAYS = 730


def retention_days() -> int:
    return int(getattr(settings, "COMPLAINTS_RETENTION_DAYS", DEFAULT_DAYS))


@dataclass
class Result:
    cutoff: date
    dry_run: bool
    deleted: dict[str, list[str]] = field(default_factory=dict)  # organisation slug -> case numbers

    @property
    def count(self) -> int:
        return sum(len(numbers) for numbers in self.deleted.values())


def due_for_deletion(today: date):
    cutoff = today - timedelta(days=retention_days())
    return Complaint.objects.filter(state=State.CLOSED, closed_on__lte=cutoff), cutoff


def _outcome(complaint: Complaint) -> str:
    closing = complaint.transitions.filter(to_state=State.CLOSED).order_by("-created_at", "-pk").first()
    return closing.from_state if closing else State.CLOSED


def figures(complaint: Complaint, today: date, calendar: HolidayCalendar) -> ClosedCase:
    """The anonymous row that stands for a case in the statistics once it is deleted."""
    return ClosedCase(
        organisation_id=complaint.organisation_id,
        received_month=complaint.received_on.replace(day=1),
        category=complaint.category,
        outcome=_outcome(complaint),
        days_to_close=(complaint.closed_on - complaint.received_on).days,
        working_days_to_close=max(
            0, working_days_between(complaint.received_on, complaint.closed_on, calendar)
        ),
        deleted_on=today,
    )


def purge(today: date, *, dry_run: bool = False) -> Result:
    queryset, cutoff = due_for_deletion(today)
    result = Result(cutoff, dry_run)
    ids = list(queryset.order_by("organisation_id", "year", "seq").values_list("pk", flat=True))
    calendar = holiday_calendar()
    done: dict[int, list[str]] = defaultdict(list)
    deleted_ids: dict[int, list[int]] = defaultdict(list)  # named in the signed, counted audit entry
    for pk in ids:
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().filter(pk=pk, state=State.CLOSED).first()
            if complaint is None:
                continue
            if not dry_run:
                figures(complaint, today, calendar).save()
                complaint.delete()
            done[complaint.organisation_id].append(complaint.number)
            deleted_ids[complaint.organisation_id].append(pk)
    organisations = Organisation.objects.in_bulk(list(done))
    for org_id, numbers in done.items():
        organisation = organisations[org_id]
        result.deleted[organisation.slug] = numbers
        if not dry_run:
            audit.record_bulk(
                organisation,
                "complaints.retention",
                Complaint,
                deleted_ids[org_id],
                deleted=True,
                changes={
                    "deleted": len(numbers),
                    "cases": numbers,
                    "closed_on_or_before": cutoff.isoformat(),
                },
            )
    return result
