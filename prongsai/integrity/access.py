"""Which risks and projects a user may edit, from their position in the structure.

The policy analyst compiles the whole register and plan, and the clerk supervises every unit, so
both edit every row. A unit head edits the rows owned by their unit and its sub-units.
"""

from __future__ import annotations

from prongsai.core.access import roles_of
from prongsai.core.chain import unit_and_descendants


def _unit(user):
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    position = person.position if person and person.position_id else None
    return position.unit if position and position.unit_id else None


def units_user_edits(user) -> set[int] | None:
    """None when the user edits every unit's rows; else the ids of the units they edit."""
    roles = roles_of(user)
    if roles & {"analyst", "clerk"}:
        return None
    if "unit_head" in roles and (unit := _unit(user)) is not None:
        return set(unit_and_descendants(unit))
    return set()


def can_edit_row(user, owner_unit_id: int | None) -> bool:
    units = units_user_edits(user)
    return units is None or owner_unit_id in units
