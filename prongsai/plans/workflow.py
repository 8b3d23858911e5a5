"""The review of a step update, as data plus one transition function.

submitted --accept--> accepted   (a supervisor; the step takes the update's status and progress)
submitted --return--> returned   (a supervisor; a comment saying what to fix is required)
returned  --resubmit--> submitted (the author, after fixing the update)

`transition` locks the update row (select_for_update) before reading its state, so when two
supervisors accept the same update at once one succeeds and the other is told it was already
reviewed; nothing is half-saved. Nobody reviews their own update (`core.duties`), whatever page or
command asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import duties
from prongsai.core.models import User
from prongsai.plans.models import ReviewState, Step, StepUpdate

ACCEPT, RETURN, RESUBMIT = "accept", "return", "resubmit"

TRANSITIONS: dict[tuple[str, str], str] = {
    (ReviewState.SUBMITTED, ACCEPT): ReviewState.ACCEPTED,
    (ReviewState.SUBMITTED, RETURN): ReviewState.RETURNED,
    (ReviewState.RETURNED, RESUBMIT): ReviewState.SUBMITTED,
}
NEEDS_COMMENT = {RETURN}


class TransitionError(Exception):
    """A transition refused, with a message for the person who asked (Thai via gettext, and English)."""


@dataclass(frozen=True)
class Outcome:
    update: StepUpdate
    previous: str


def transition(update_id: int, action: str, *, user: User, comment: str = "") -> Outcome:
    with transaction.atomic():
        update = StepUpdate.objects.select_for_update().filter(pk=update_id).first()
        if update is None:
            raise TransitionError(_("This update no longer exists."))
        target = TRANSITIONS.get((update.state, action))
        if target is None:
            raise TransitionError(_already(update))
        if action in (ACCEPT, RETURN):
            duties.check_decision(user, update.author)  # nobody reviews their own update
        comment = comment.strip()
        if action in NEEDS_COMMENT and not comment:
            raise TransitionError(_("Write a comment saying what to fix before returning the update."))
        previous = update.state
        update.state = target
        if action in (ACCEPT, RETURN):
            update.reviewer = user
            update.reviewed_at = timezone.now()
            update.comment = comment
        update.save()
        if target == ReviewState.ACCEPTED:
            step = Step.objects.select_for_update().get(pk=update.step_id)
            step.status, step.progress = update.status, update.progress
            step.save(update_fields=["status", "progress"])
    return Outcome(update, previous)


def _already(update: StepUpdate) -> str:
    if update.state == ReviewState.ACCEPTED:
        return _("This update has already been accepted; nothing was changed.")
    if update.state == ReviewState.RETURNED:
        return _("This update has already been returned to its author; nothing was changed.")
    return _("This update is waiting for review; nothing was changed.")
