"""My work in the complaint centre: cases assigned to me that are due soon or overdue.

Only to an officer who may handle cases (`complaints.handle_cases`, tested with `rules.has_perm`,
no superuser shortcut) and never a case they are in conflict with (`actions.in_conflict`: named in
it, or of the unit concerned), whoever assigned it: that a case about you exists is itself a
leak. "Due soon" is the centre's own threshold (`deadlines.due_soon_days`). The title is the case
number and nothing else; the e-mail and LINE digest leave the server with it.

The cases are one statement written by hand (workplace/sql.py), read as `Complaint`s with the
fields the conflict check decrypts, never the complainant's identity.
"""

# ruff: noqa: S608 - the SQL is assembled from this module's constants only; values go as parameters
from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from prongsai.complaints import actions, deadlines, workflow
from prongsai.complaints.models import Complaint
from prongsai.core import chain
from prongsai.core.models import Unit
from prongsai.core.rows import instance
from prongsai.thai.workdays import add_working_days
from prongsai.workplace.sql import day, fetch, in_list

FIELDS = (
    "id", "organisation_id", "year", "seq", "due_on", "unit_concerned_id", "concerned_enc", "description_enc",
)  # fmt: skip
# Parameters: organisation, the officer, the open states (IN), the horizon.
CASES = f"""
SELECT {", ".join(FIELDS)}
FROM complaints_complaint
WHERE organisation_id = %s AND assigned_to_id = %s AND state IN ({in_list(workflow.OPEN_STATES)})
  AND due_on IS NOT NULL AND due_on <= %s
ORDER BY due_on, id
"""


def _case(row) -> Complaint:
    case = instance(Complaint, FIELDS, row)
    unit_id = case.unit_concerned_id
    unit = None if unit_id is None else Unit(pk=unit_id, organisation_id=case.organisation_id)
    Complaint.unit_concerned.field.set_cached_value(case, unit)
    return case


def work_for(viewer) -> list:
    user = viewer.user
    if viewer.person is None or not rules.has_perm("complaints.handle_cases", user):
        return []
    horizon = add_working_days(viewer.today, deadlines.due_soon_days(), viewer.calendar)
    rows = fetch(CASES, [user.organisation_id, user.pk, *workflow.OPEN_STATES, day(horizon)])
    if not rows:
        return []
    tree = chain.unit_tree(user.organisation_id)
    cases = [_case(row) for row in rows]
    return [
        viewer.entry(
            "complaints.case",
            _("Complaint case %(n)s") % {"n": case.number},
            viewer.link("complaints:complaint", complaint_id=case.pk),
            case.due_on,
        )
        for case in cases
        if not actions.in_conflict(user, case, tree)
    ]
