"""My work in the complaint centre: cases assigned to me that are due soon or overdue.

Only to an officer who may handle cases (`complaints.handle_cases`, tested with `rules.has_perm`,
no superuser shortcut) and never a case they are in conflict with (`actions.in_conflict`: named in
it, or of the unit concerned), whoever assigned it: that a case about you exists is itself a
leak. "Due soon" is the centre's own threshold (`deadlines.due_soon_days`). The title is the case
number and nothing else; the e-mail and LINE digest leave the server with it.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from prongsai.complaints import actions, deadlines, workflow
from prongsai.complaints.models import Complaint
from prongsai.core import chain
from prongsai.thai.workdays import add_working_days


def work_for(viewer) -> list:
    user = viewer.user
    if viewer.person is None or not rules.has_perm("complaints.handle_cases", user):
        return []
    horizon = add_working_days(viewer.today, deadlines.due_soon_days(), viewer.calendar)
    cases = list(
        Complaint.objects.filter(
            organisation_id=user.organisation_id, assigned_to=user, state__in=workflow.OPEN_STATES,
            due_on__isnull=False, due_on__lte=horizon,
        )
        .select_related("unit_concerned")
        .defer("identity_enc", "when_where_enc", "receipt_hash")
        .order_by("due_on", "pk")
    )  # fmt: skip
    if not cases:
        return []
    tree = chain.unit_tree(user.organisation_id)
    return [
        viewer.entry(
            "complaints.case",
            _("Complaint case %(n)s") % {"n": case.number},
            actions.staff_url(case),
            case.due_on,
        )
        for case in cases
        if not actions.in_conflict(user, case, tree)
    ]
