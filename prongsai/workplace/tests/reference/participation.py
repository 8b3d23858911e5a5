"""My work in participation: comments waiting for moderation, one entry per consultation.

Listed to those who moderate (`participation.moderate`). A comment is due by the day its
consultation closes, so that what people said is public while others can still answer it.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from prongsai.participation.models import Comment, CommentStatus


def work_for(viewer) -> list:
    user = viewer.user
    if viewer.person is None or not user.has_perm("participation.moderate"):
        return []
    waiting = (
        Comment.objects.filter(organisation_id=user.organisation_id, status=CommentStatus.PENDING)
        .values("consultation_id", "consultation__title", "consultation__closes_on")
        .annotate(count=Count("pk"))
        .order_by("consultation__closes_on", "consultation_id")
    )
    return [
        viewer.entry(
            "participation.moderate",
            ngettext(
                "Moderate %(count)d comment on “%(topic)s”",
                "Moderate %(count)d comments on “%(topic)s”",
                row["count"],
            )
            % {"count": row["count"], "topic": row["consultation__title"]},
            reverse("participation:consultation", kwargs={"consultation_id": row["consultation_id"]}),
            row["consultation__closes_on"],
        )
        for row in waiting
    ]
