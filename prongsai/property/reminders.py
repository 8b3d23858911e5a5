"""Reminders about loans due back and overdue (ติดตามการคืนพัสดุ).

Rules, with `today` passed in:
- the borrower is reminded on the working day before the last day and on the last day itself;
- from the day after the last day the borrower is reminded once per day (overdue);
- once the loan is `SUPERVISOR_AFTER` Thai working days overdue (weekends and the Holiday
  table's public holidays not counted), the borrower's immediate superior is told, once.
Every notice has a dedupe key, so the command can run several times a day.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from prongsai.core import chain
from prongsai.core.models import Organisation, User
from prongsai.core.notifications import notify
from prongsai.property.models import Loan, LoanState
from prongsai.thai.dates import format_long
from prongsai.thai.workdays import add_working_days, working_days_between

SUPERVISOR_AFTER = 3


@dataclass(frozen=True)
class Reminder:
    loan: Loan
    kind: str  # "due", "overdue" or "supervisor"
    dedupe_key: str


def reminders_for(
    loans, today: date, holidays: Container[date], supervisor_after: int = SUPERVISOR_AFTER
) -> list[Reminder]:
    """Which notices are due today for these loans on loan (pure: no database writes)."""
    found = []
    for loan in loans:
        if loan.state != LoanState.ON_LOAN:
            continue
        if loan.ends_on >= today:
            if loan.ends_on == today or add_working_days(today, 1, holidays) >= loan.ends_on:
                found.append(Reminder(loan, "due", f"property.due:{loan.pk}:{today}"))
            continue
        found.append(Reminder(loan, "overdue", f"property.overdue:{loan.pk}:{today}"))
        if working_days_between(loan.ends_on, today, holidays) >= supervisor_after:
            found.append(Reminder(loan, "supervisor", f"property.overdue-supervisor:{loan.pk}"))
    return found


def _recipients(reminder: Reminder) -> list[User]:
    if reminder.kind != "supervisor":
        return [reminder.loan.borrower.user] if reminder.loan.borrower.user_id else []
    superiors = chain.supervisors_of(reminder.loan.borrower)[:1]
    return list(User.objects.filter(person__position__in=superiors))


def _title(reminder: Reminder) -> str:
    loan, due = reminder.loan, format_long(reminder.loan.ends_on)
    if reminder.kind == "due":
        return _("Please return the property of loan %(no)s by %(date)s.") % {"no": loan.pk, "date": due}
    if reminder.kind == "overdue":
        return _("Loan %(no)s was due back on %(date)s and is overdue.") % {"no": loan.pk, "date": due}
    return _("%(name)s has not returned the property of loan %(no)s, due on %(date)s.") % {
        "name": loan.borrower.full_name, "no": loan.pk, "date": due,
    }  # fmt: skip


def send_reminders(organisation: Organisation, today: date, holidays: Container[date]) -> list[dict]:
    loans = (
        Loan.objects.for_org(organisation)
        .filter(state=LoanState.ON_LOAN, ends_on__lte=add_working_days(today, 1, holidays))
        .select_related("borrower__position", "borrower__user")
    )
    sent = []
    for reminder in reminders_for(loans, today, holidays):
        notices = notify(
            organisation, _recipients(reminder), _title(reminder), url=reminder.loan.get_absolute_url(),
            kind="property." + reminder.kind, dedupe_key=reminder.dedupe_key,
        )  # fmt: skip
        sent += [
            {"loan": reminder.loan.pk, "kind": reminder.kind, "to": n.recipient.username} for n in notices
        ]
    return sent
