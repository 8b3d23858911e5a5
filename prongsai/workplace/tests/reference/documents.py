"""My work in documents: approval steps waiting for my decision, and my documents returned to me.

Who decides a step is `workflow.approver_of`: the person named to act for it (the step's
delegate, while in post), else whoever holds its position that day, acting appointments included
(`core.acting`, through the viewer's posts). Nobody is asked to decide their own document.
Documents carry no deadline, so these entries have none.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.documents.models import ApprovalStep, Document, Status, StepState
from prongsai.thai.digits import to_thai_digits


def _detail(document_id: int) -> str:
    return reverse("documents:detail", kwargs={"document_id": document_id})


def work_for(viewer) -> list:
    person = viewer.person
    if person is None:
        return []
    no_delegate = Q(delegate__isnull=True) | Q(delegate__is_active=False)
    steps = (
        ApprovalStep.objects.filter(
            organisation_id=person.organisation_id, state=StepState.PENDING, document__status=Status.IN_REVIEW
        )
        .filter(
            Q(delegate=person, delegate__is_active=True)
            | (no_delegate & Q(position_id__in=viewer.position_ids))
        )
        .exclude(document__author=person)
        .select_related("document__author")
    )
    found = [
        viewer.entry(
            "documents.decide",
            _("Decide on “%(subject)s” from %(sender)s (step %(n)s)")
            % {
                "subject": s.document.subject,
                "sender": s.document.author.full_name,
                "n": to_thai_digits(s.order),
            },
            _detail(s.document_id),
        )
        for s in steps
    ]
    returned = Document.objects.filter(
        organisation_id=person.organisation_id, status=Status.RETURNED, author=person
    )
    found += [
        viewer.entry(
            "documents.revise",
            _("Revise “%(subject)s”, returned to you, and send it to %(to)s again")
            % {"subject": d.subject, "to": d.to},
            _detail(d.pk),
        )
        for d in returned
    ]
    return found
