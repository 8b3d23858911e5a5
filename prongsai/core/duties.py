"""Separation of duties: one rule for every approval chain (documents, plans, property, complaints).

Nobody decides on their own matter: the sender of a document, the author of a plan update, the
person a loan is for may not approve, endorse, refuse, hand over, take back or review it. Nobody
hands a step to themselves or to the person who asked. Each workflow's transition function calls
these checks itself, so a new page or endpoint cannot skip them; a refusal is a `DutyRefused`
(a PermissionDenied, so a page answers 403 with the message). Giving oneself a position waits for
a second person: see `assignments.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from prongsai.core.models import Person, User


class DutyRefused(PermissionDenied):
    """A step the rule refuses; `message` is shown to the user (Thai, with the English in gettext)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _identity(who: User | Person | None) -> tuple[int | None, int | None]:
    """(person id, user id) of a login or a person, so either may be compared with the other."""
    if isinstance(who, Person):
        return who.pk, who.user_id
    if isinstance(who, User) and who.is_authenticated:
        person = getattr(who, "person", None) if hasattr(who, "person") else None
        return (person.pk if person else None), who.pk
    return None, None


def same_person(a: User | Person | None, b: User | Person | None) -> bool:
    person_a, user_a = _identity(a)
    person_b, user_b = _identity(b)
    return (person_a is not None and person_a == person_b) or (user_a is not None and user_a == user_b)


def is_party(who: User | Person | None, parties: Iterable[User | Person | None]) -> bool:
    return any(same_person(who, party) for party in parties if party is not None)


def check_decision(actor: User | Person, *parties: User | Person | None) -> None:
    """Refuse when `actor` is one of the `parties` of the matter (who asked, who it is for)."""
    if is_party(actor, parties):
        raise DutyRefused(_("Nobody decides on their own request: another person must take this step."))


def check_assignee(assignee: User | Person, actor: User | Person, *parties: User | Person | None) -> None:
    """A step goes neither to the person handing it out nor to a party of the matter."""
    if same_person(assignee, actor):
        raise DutyRefused(_("You cannot assign this to yourself: choose another person."))
    if is_party(assignee, parties):
        raise DutyRefused(
            _("This cannot be assigned to the person who made the request: choose another person.")
        )
