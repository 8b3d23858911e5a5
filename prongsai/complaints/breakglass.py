"""Break-glass: how a system administrator reads one case, in the open.

System administrators (superusers, organisation administrators) hold no complaint-centre role,
so the case pages refuse them. When the law or an emergency requires it (a court order, a
data-protection request, a broken account of the only officer), an administrator states the
reason on the break-glass page; that grants read-only access to that one case for
`COMPLAINTS_BREAK_GLASS_MINUTES` (default 60). Every grant is in the audit log with its
reason and is notified to the head of the centre at once; every read under it is audited too.
An administrator in conflict with the case (named in it, or of the unit concerned) is refused,
with a message that does not say why, and the head is told of the attempt.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.complaints import actions
from prongsai.complaints.models import BreakGlass, Complaint
from prongsai.core import audit
from prongsai.core.access import roles_of
from prongsai.core.models import User
from prongsai.core.notifications import notify

MIN_REASON = 20
ADMIN_ROLES = {"org_admin"}


def minutes() -> int:
    return getattr(settings, "COMPLAINTS_BREAK_GLASS_MINUTES", 60)


def is_administrator(user: User) -> bool:
    """A system administrator of the organisation who is not an officer of the centre."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    roles = roles_of(user)
    return actions.OFFICER_ROLE not in roles and (user.is_superuser or bool(roles & ADMIN_ROLES))


def active_grant(user: User, complaint: Complaint, now: datetime | None = None) -> BreakGlass | None:
    now = now or timezone.now()
    return (
        BreakGlass.objects.for_org(complaint.organisation)
        .filter(complaint=complaint, user=user, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )


def _tell_head(complaint: Complaint, title: str) -> None:
    url = reverse("complaints:break_glass_log")
    notify(
        complaint.organisation,
        actions.free_officers(complaint, actions.heads_of(complaint.organisation)),
        title,
        url=url,
        kind="complaints.break_glass",
    )


def grant(user: User, complaint: Complaint, reason: str, now: datetime | None = None) -> BreakGlass:
    """Open the case to `user` for a while, or refuse (ValidationError / PermissionDenied)."""
    now = now or timezone.now()
    if not is_administrator(user) or user.organisation_id != complaint.organisation_id:
        raise PermissionDenied(_("Break-glass access is for system administrators of this organisation."))
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ValidationError(
            _("Give the reason in at least %(n)d characters: what requires reading this case?"),
            params={"n": MIN_REASON},
        )
    names = {"n": complaint.number, "who": user.get_username()}
    if user.pk in actions.conflicts(complaint, [user]):  # kept, not rolled back: the attempt is the news
        audit.record(complaint, "complaints.break_glass_refused", changes={"user": user.get_username()})
        _tell_head(complaint, _("Refused break-glass request on complaint %(n)s by %(who)s") % names)
        raise PermissionDenied(
            _("Break-glass access to this case is not possible. The head of the centre is told.")
        )
    with transaction.atomic():  # the grant, its audit entry and the head's notice, or none of them
        row = BreakGlass.objects.create(
            organisation_id=complaint.organisation_id,
            complaint=complaint,
            user=user,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(minutes=minutes()),
        )
        audit.record(
            complaint,
            "complaints.break_glass",
            changes={"user": user.get_username(), "reason": reason, "expires_at": row.expires_at.isoformat()},
        )
        _tell_head(complaint, _("Break-glass access to complaint %(n)s by %(who)s") % names)
    return row
