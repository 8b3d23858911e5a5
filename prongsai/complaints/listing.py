"""The officers' list of cases, taken from the one pass the conflict check makes anyway.

An officer never sees a case they are in conflict with (`actions.hidden_from`), and finding those
means reading every case of the organisation. The list takes its rows from that same read: one
query for the cases (with the unit concerned the check needs and the officer each case is
assigned to), then the filters and the page in Python, instead of a second query for the page and
a COUNT beside it. The order is the model's (newest number first).
"""

from __future__ import annotations

from datetime import date

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.complaints.workflow import OPEN_STATES
from prongsai.core.models import Organisation, User

# What neither the list nor the conflict check reads (the check reads `concerned` and `description`).
UNREAD = ("identity_enc", "when_where_enc", "receipt_hash", "receipt_lookup")


def visible_cases(
    user: User,
    organisation: Organisation,
    *,
    state: str = "",
    category: str = "",
    overdue_on: date | None = None,
) -> list[Complaint]:
    """The organisation's cases `user` may see, newest first; `overdue_on` keeps the open cases due
    before that day (the "overdue only" filter)."""
    cases = list(
        Complaint.objects.for_org(organisation)
        .select_related("unit_concerned", "assigned_to__person")
        .defer(*UNREAD)
    )
    hidden = actions.hidden_from(user, organisation, cases)
    return [
        case
        for case in cases
        if case.pk not in hidden
        and (not state or case.state == state)
        and (not category or case.category == category)
        and (overdue_on is None or (case.state in OPEN_STATES and case.due_on and case.due_on < overdue_on))
    ]
