"""Who may do what to a plan's follow-up, from the chain of command (`prongsai.core.chain`).

- The responsible unit (the step's unit and its sub-units) writes updates.
- The supervisors of the update's author review it: the positions above the author, up to and
  including the municipal clerk (ปลัด); the clerk reviews every update. Nobody reviews their own.
- A post acted for (รักษาราชการแทน, `core/acting.py`) counts as held while the order is in force.
- Analysts and the clerk edit plans (rules.py).
"""

from __future__ import annotations

from prongsai.core import duties
from prongsai.core.access import roles_of
from prongsai.core.acting import positions_held
from prongsai.core.chain import approval_chain, unit_and_descendants
from prongsai.core.models import Position, User
from prongsai.plans.models import Step, StepUpdate


def _position(user: User) -> Position | None:
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.position if person and person.position_id else None


def is_clerk(user: User) -> bool:
    return "clerk" in roles_of(user)


def can_write_update(user: User, step: Step) -> bool:
    """Someone of the step's unit or a sub-unit, by the post held or one acted for (รักษาราชการแทน)."""
    units = {p.unit_id for p in positions_held(user) if p.unit_id is not None}
    return bool(units) and bool(units & unit_and_descendants(step.unit))


def reviewers_of(author: User) -> list[Position]:
    """The positions that review `author`'s updates: nearest superior first, up to the clerk."""
    position = _position(author)
    if position is None:
        return []
    clerk = next(
        (p for p in Position.objects.for_org(position.organisation) if "clerk" in (p.roles or [])), None
    )
    return approval_chain(position, up_to=clerk)


def can_review(user: User, update: StepUpdate) -> bool:
    if duties.same_person(user, update.author):
        return False
    if is_clerk(user):
        return True
    held = {p.pk for p in positions_held(user)}
    return bool(held) and any(p.pk in held for p in reviewers_of(update.author))


def users_of_unit(unit) -> list[User]:
    """Logins of the people in a unit (not its sub-units): who is reminded about its steps."""
    return list(
        User.objects.filter(
            organisation=unit.organisation_id,
            person__position__unit=unit,
            person__is_active=True,
            is_active=True,
        )
    )
