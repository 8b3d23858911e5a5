"""Who may do what: roles of the position a user holds, within their own organisation.

Two questions, answered in one place so lists and detail pages never disagree:
`roles_of(user)` for "may this user do X?" (roles of the post held and of posts acted for), and
`get_for_org_or_404` for "is this row theirs?" (rows of another organisation answer 404, as if they
did not exist).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from prongsai.core.acting import positions_held
from prongsai.core.models import Organisation, TenantModel, User


def roles_of(user: User) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_prongsai_roles", None)
    if cached is None:
        # Roles of the post held and of the posts acted for today (รักษาราชการแทน), one query.
        cached = frozenset(code for position in positions_held(user) for code in position.roles or ()) | (
            {"staff"} if user.organisation_id else set()
        )
        user._prongsai_roles = cached
    return cached


def has_role(*codes: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role({','.join(codes)})")
    def predicate(user: User) -> bool:
        return bool(roles_of(user) & set(codes))

    return predicate


@rules.predicate
def is_org_member(user: User) -> bool:
    return user.is_authenticated and user.organisation_id is not None


def get_for_org_or_404(model: type[TenantModel], organisation: Organisation | None, **lookup):
    """A row of the request's organisation, or 404 for anything else (including other tenants)."""
    row = model.objects.for_org(organisation).filter(**lookup).first()
    if row is None:
        raise Http404(model._meta.verbose_name)
    return row


def organisation_of(request) -> Organisation:
    """The organisation a staff page works in. A superuser passes every permission check but works
    in no organisation until one is chosen on the dashboard: say so instead of failing."""
    if request.organisation is None:
        raise PermissionDenied(_("Choose an organisation on the dashboard first."))
    return request.organisation
