"""My work in participation: comments waiting for moderation, one entry per consultation.

Listed to those who moderate (`participation.moderate`). A comment is due by the day its
consultation closes, so that what people said is public while others can still answer it.
One statement written by hand (workplace/sql.py).
"""

from __future__ import annotations

from django.utils.translation import ngettext

from prongsai.participation.models import CommentStatus
from prongsai.workplace.sql import fetch

# Parameters: organisation, pending.
WAITING = """
SELECT c.consultation_id, k.title, k.closes_on, COUNT(*)
FROM participation_comment c JOIN participation_consultation k ON k.id = c.consultation_id
WHERE c.organisation_id = %s AND c.status = %s
GROUP BY c.consultation_id, k.title, k.closes_on
ORDER BY k.closes_on, c.consultation_id
"""


def work_for(viewer) -> list:
    user = viewer.user
    if viewer.person is None or not user.has_perm("participation.moderate"):
        return []
    rows = fetch(WAITING, [user.organisation_id, CommentStatus.PENDING])
    return [
        viewer.entry(
            "participation.moderate",
            ngettext(
                "Moderate %(count)d comment on “%(topic)s”",
                "Moderate %(count)d comments on “%(topic)s”",
                count,
            )
            % {"count": count, "topic": title},
            viewer.link("participation:consultation", consultation_id=consultation_id),
            closes_on,
        )
        for consultation_id, title, closes_on, count in rows
    ]
