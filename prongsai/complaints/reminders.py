"""Deadline reminders: `prongsai complaints remind`, run daily by the scheduler.

Who is told: the officer the case is assigned to, or every officer of the centre not in
conflict with the case when nobody is; an overdue case is also told to the head of the centre
(without conflict). The notice says only "case N is due on D" or "case N is overdue" and links
to the staff page (core.notifications e-mails it). Each notice carries a `dedupe_key` of the
case, its state, its due date and the kind, so running the command again the same day, or every
day, sends nothing new until the case moves or a new threshold is crossed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from prongsai.complaints import actions, deadlines
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Organisation
from prongsai.core.notifications import notify
from prongsai.thai.dates import format_short


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    notices: int = 0
    cases: list[str] = field(default_factory=list)


def _notice(late: deadlines.Late) -> tuple[str, str]:
    case = late.complaint
    if late.overdue:
        return "overdue", _("Complaint %(n)s is overdue (due %(d)s)") % {
            "n": case.number,
            "d": format_short(case.due_on),
        }
    return "soon", _("Complaint %(n)s is due on %(d)s") % {"n": case.number, "d": format_short(case.due_on)}


def remind_organisation(organisation: Organisation, today: date, calendar, sent: Sent) -> None:
    officers = actions.officers_of(organisation)
    heads = actions.heads_of(organisation)
    for late in deadlines.late_cases(organisation, today, calendar):
        case = late.complaint
        kind, title = _notice(late)
        recipients = actions.to_tell(case, officers)
        if late.overdue:
            recipients += actions.free_officers(case, heads)
        created = notify(
            organisation,
            recipients,
            title,
            url=actions.staff_url(case),
            kind=f"complaints.{kind}",
            dedupe_key=f"complaints.due:{case.pk}:{case.state}:{case.due_on.isoformat()}:{kind}",
        )
        if created:
            sent.notices += len(created)
            sent.cases.append(f"{organisation.slug}:{case.number}")
            if late.overdue:
                sent.overdue += 1
            else:
                sent.due_soon += 1


def remind(today: date) -> Sent:
    sent, calendar = Sent(), holiday_calendar()
    for organisation in Organisation.objects.order_by("pk"):
        remind_organisation(organisation, today, calendar, sent)
    return sent
