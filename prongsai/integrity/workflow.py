"""The register's approval, as data plus one transition function.

draft    --approve--> approved   (the clerk; the risks are then frozen, follow-ups go on)
approved --reopen-->  draft      (the clerk, to correct the register; it must be approved again)

Only the clerk decides (rules.py). A register has many authors, one per unit, so approval is
the clerk's role rather than a review of one author's work.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.integrity.models import RegisterState, RiskRegister

APPROVE, REOPEN = "approve", "reopen"

TRANSITIONS: dict[tuple[str, str], str] = {
    (RegisterState.DRAFT, APPROVE): RegisterState.APPROVED,
    (RegisterState.APPROVED, REOPEN): RegisterState.DRAFT,
}


class TransitionError(Exception):
    """A refused transition, with a message in the user's language."""


def transition(register_id: int, action: str, *, user) -> RiskRegister:
    with transaction.atomic():
        register = RiskRegister.objects.select_for_update().filter(pk=register_id).first()
        if register is None:
            raise TransitionError(_("This register no longer exists."))
        target = TRANSITIONS.get((register.state, action))
        if target is None:
            raise TransitionError(
                _("The register is already %(state)s; nothing was changed.")
                % {"state": RegisterState(register.state).label}
            )
        if action == APPROVE and not register.risks.exists():
            raise TransitionError(_("A register without risks cannot be approved."))
        register.state = target
        register.approved_by = user if target == RegisterState.APPROVED else None
        register.approved_at = timezone.now() if target == RegisterState.APPROVED else None
        register.save()
    return register
