"""Nobody gives themselves a position alone: a second person approves it.

An administrator who moves their own person into another position (a place in the chain of
command, or a confidential role: complaint centre, administration) only asks for it; the move
happens when another qualified person approves: another organisation administrator, the head of
the complaint centre for a position of the centre, or a superuser. The request and the decision
are entries of the hash-chained audit log on the person (`REQUESTED`, `APPROVED`, `DECLINED`), so
they need no table and cannot be edited; a person's newer request replaces an older one.
Everyone who could approve is notified of a request, and a move of anyone into a confidential
role is announced to the centre head and the administrators (`announce`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.core import audit, duties
from prongsai.core.access import roles_of
from prongsai.core.models import AuditEntry, Organisation, Person, Position, User
from prongsai.core.notifications import notify

REQUESTED = "core.assignment_requested"
APPROVED = "core.assignment_approved"
DECLINED = "core.assignment_declined"
CENTRE_ROLES = frozenset({"complaints_officer", "complaints_head"})
CONFIDENTIAL_ROLES = CENTRE_ROLES | {"org_admin"}


class AssignmentError(Exception):
    """A decision that cannot be made (already decided, position gone); `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Request:
    seq: int
    person: Person
    position: Position | None  # None when the position was removed since
    asked_by_id: int | None
    asked_by: str
    asked_at: datetime

    @property
    def roles(self) -> set[str]:
        return set(self.position.roles or []) if self.position else set()


def confidential(position: Position | None) -> set[str]:
    return set(position.roles or []) & CONFIDENTIAL_ROLES if position else set()


def needs_second_person(person: Person | None, current_position_id: int | None, wanted, by: User) -> bool:
    """True when `by` is moving their own person into another position."""
    return (
        person is not None
        and wanted is not None
        and wanted.pk != current_position_id
        and duties.same_person(person, by)
    )


def _holders(organisation: Organisation, roles: set[str]) -> list[User]:
    users = User.objects.filter(organisation=organisation, is_active=True, person__is_active=True)
    users = users.exclude(person__position=None).select_related("person__position")
    return [u for u in users if set(u.person.position.roles or []) & roles]


def approver_roles(position: Position | None) -> set[str]:
    """Administrators approve; for a post of the complaint centre (and no more), its head may too."""
    roles = set(position.roles or []) if position else set()
    centre_only = bool(roles & CENTRE_ROLES) and "org_admin" not in roles
    return {"org_admin", "complaints_head"} if centre_only else {"org_admin"}


def may_decide(user: User, request: Request) -> bool:
    """Another qualified person: never the person moved, nor who asked."""
    if duties.same_person(user, request.person) or user.pk == request.asked_by_id:
        return False
    return user.is_superuser or bool(roles_of(user) & approver_roles(request.position))


def _entries(organisation: Organisation, person: Person | None = None):
    entries = AuditEntry.objects.filter(
        organisation=organisation, object_type="core.person", action__in=[REQUESTED, APPROVED, DECLINED]
    )
    return entries.filter(object_id=str(person.pk)) if person else entries


def pending(organisation: Organisation, person: Person | None = None) -> list[Request]:
    """Open requests, oldest first: each person's latest request that no decision followed."""
    latest: dict[str, AuditEntry] = {}
    for entry in _entries(organisation, person).order_by("seq"):
        latest[entry.object_id] = entry
    asked = [e for e in latest.values() if e.action == REQUESTED]
    people = Person.objects.for_org(organisation).in_bulk([int(e.object_id) for e in asked])
    positions = Position.objects.for_org(organisation).in_bulk([e.changes["position"][1] for e in asked])
    return [
        Request(e.seq, people[int(e.object_id)], positions.get(e.changes["position"][1]), e.actor_id,
                e.actor_name, e.created_at)
        for e in asked if int(e.object_id) in people
    ]  # fmt: skip


def _tell(organisation: Organisation, users: list[User], title: str, *, but: tuple = ()) -> None:
    users = [u for u in users if not any(duties.same_person(u, other) for other in but)]
    notify(organisation, users, title, url=reverse("core:assignments"), kind="core.assignment")


def ask(person: Person, position: Position, *, by: User) -> None:
    """Record the request and tell those who may approve it; the person stays where they are."""
    with transaction.atomic(), audit.acting_as(by):
        audit.record(
            person, REQUESTED,
            changes={"position": [person.position_id, position.pk], "title": position.title_th,
                     "roles": sorted(position.roles or [])},
        )  # fmt: skip
        title = _("%(who)s asks to be moved into the position “%(position)s”: a second person must approve.")
        title %= {"who": person.full_name, "position": position.title_th}
        _tell(person.organisation, _holders(person.organisation, approver_roles(position)), title, but=(by,))


def decide(organisation: Organisation, person: Person, seq: int, approve: bool, *, by: User) -> Request:
    """Approve (the person is moved, through the audited save) or decline the open request `seq`."""
    with transaction.atomic():
        # One decision per request: deciders of one organisation wait for each other here.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        request = next((r for r in pending(organisation, person) if r.seq == seq), None)
        if request is None:
            raise AssignmentError(_("This request was already decided or replaced by a newer one."))
        if not may_decide(by, request):
            raise duties.DutyRefused(
                _("Another administrator, or the head of the complaint centre, must decide this request.")
            )
        if approve and request.position is None:
            raise AssignmentError(_("The position asked for no longer exists; decline the request."))
        with audit.acting_as(by):
            if approve:
                moved = Person.objects.select_for_update().get(pk=person.pk)
                previous, moved.position = moved.position_id, request.position
                moved.save()
            audit.record(
                request.person, APPROVED if approve else DECLINED,
                changes={"request": seq, "position": request.position.pk if request.position else None},
            )  # fmt: skip
        names = {"who": person.full_name, "position": request.position.title_th if request.position else ""}
        if approve:
            title = _("The move of %(who)s into “%(position)s” is approved.") % names
            announce(moved, previous, by=by)
        else:
            title = _("The move of %(who)s into “%(position)s” is declined.") % names
        asker = User.objects.filter(pk=request.asked_by_id).first()
        _tell(organisation, [u for u in [asker, person.user] if u is not None], title)
    return request


def announce(person: Person, previous_position_id: int | None, *, by: User) -> None:
    """Tell the centre head and the administrators that someone now holds a confidential role."""
    position = person.position
    previous = Position.objects.filter(pk=previous_position_id).first() if previous_position_id else None
    added = confidential(position) - confidential(previous)
    if not added:
        return
    title = _("%(who)s now holds “%(position)s”, with access to confidential work (%(roles)s).") % {
        "who": person.full_name, "position": position.title_th, "roles": ", ".join(sorted(added)),
    }  # fmt: skip
    users = _holders(person.organisation, {"org_admin", "complaints_head"})
    _tell(person.organisation, users, title, but=(by, person))
