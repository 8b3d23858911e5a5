"""My work in documents: approval steps waiting for my decision, and my documents returned to me.

Who decides a step is `workflow.approver_of`: the person named to act for it (the step's
delegate, while in post), else whoever holds its position that day, acting appointments included
(`core.acting`, through the viewer's posts). Nobody is asked to decide their own document.
Documents carry no deadline, so these entries have none. One statement each, written by hand
(workplace/sql.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from prongsai.documents.models import Status, StepState
from prongsai.thai.digits import to_thai_digits
from prongsai.workplace.sql import fetch, in_list

# Parameters: organisation, pending, in review, the viewer's person twice, then the posts (IN).
TO_DECIDE = """
SELECT st.document_id, d.subject, a.prefix, a.first_name, a.last_name, st."order"
FROM documents_approvalstep st
JOIN documents_document d ON d.id = st.document_id
JOIN core_person a ON a.id = d.author_id
LEFT JOIN core_person dg ON dg.id = st.delegate_id
WHERE st.organisation_id = %s AND st.state = %s AND d.status = %s AND d.author_id <> %s
  AND ((st.delegate_id = %s AND dg.is_active){by_post})
ORDER BY st."order", st.id
"""
BY_POST = " OR ((st.delegate_id IS NULL OR NOT dg.is_active) AND st.position_id IN ({posts}))"
# Parameters: organisation, returned, the viewer's person. In `Document.Meta.ordering`.
RETURNED = """
SELECT d.id, d.subject, d."to"
FROM documents_document d
WHERE d.organisation_id = %s AND d.status = %s AND d.author_id = %s
ORDER BY d.created_at DESC, d.id DESC
"""


def work_for(viewer) -> list:
    person = viewer.person
    if person is None:
        return []
    posts = sorted(viewer.position_ids)
    by_post = BY_POST.format(posts=in_list(posts)) if posts else ""
    steps = fetch(
        TO_DECIDE.format(by_post=by_post),
        [person.organisation_id, StepState.PENDING, Status.IN_REVIEW, person.pk, person.pk, *posts],
    )
    found = [
        viewer.entry(
            "documents.decide",
            _("Decide on “%(subject)s” from %(sender)s (step %(n)s)")
            % {"subject": subject, "sender": f"{prefix}{first} {last}", "n": to_thai_digits(order)},
            viewer.link("documents:detail", document_id=document_id),
        )
        for document_id, subject, prefix, first, last, order in steps
    ]
    returned = fetch(RETURNED, [person.organisation_id, Status.RETURNED, person.pk])
    found += [
        viewer.entry(
            "documents.revise",
            _("Revise “%(subject)s”, returned to you, and send it to %(to)s again")
            % {"subject": subject, "to": to},
            viewer.link("documents:detail", document_id=document_id),
        )
        for document_id, subject, to in returned
    ]
    return found
