"""The chain of command (สายการบังคับบัญชา), read from `Position.reports_to`.

An organisation has tens of positions, so the chain is walked in memory over one query
rather than one query per step.
"""

from __future__ import annotations

from prongsai.core.models import Organisation, Person, Position, Unit


def _positions(organisation: Organisation) -> dict[int, Position]:
    return {p.pk: p for p in Position.objects.for_org(organisation).select_related("unit")}


def approval_chain(position: Position, *, up_to: Position | None = None) -> list[Position]:
    """The superiors a matter from `position` passes through, nearest first, to the top or `up_to`.

    For the seed memo: policy analyst → head of general administration → head of the clerk's
    office → municipal clerk → deputy mayor → mayor.
    """
    by_id = _positions(position.organisation)
    chain: list[Position] = []
    seen = {position.pk}
    current = by_id.get(position.reports_to_id)
    while current is not None and current.pk not in seen:  # a cycle in bad data must not hang
        chain.append(current)
        if up_to is not None and current.pk == up_to.pk:
            break
        seen.add(current.pk)
        current = by_id.get(current.reports_to_id)
    return chain


def supervises(superior: Position, subordinate: Position) -> bool:
    return any(p.pk == superior.pk for p in approval_chain(subordinate))


def unit_tree(organisation_id: int) -> list[tuple[int, int | None]]:
    """(unit, parent) pairs of one organisation: load once, walk for many units."""
    return list(Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id"))


def unit_and_descendants(unit: Unit, tree: list[tuple[int, int | None]] | None = None) -> set[int]:
    units = unit_tree(unit.organisation_id) if tree is None else tree
    found, frontier = {unit.pk}, [unit.pk]
    while frontier:
        frontier = [pk for pk, parent in units if parent in frontier and pk not in found]
        found.update(frontier)
    return found


def head_of_unit(unit: Unit) -> Position | None:
    """The position heading a unit: the one whose superior sits outside it."""
    positions = list(
        Position.objects.for_org(unit.organisation).filter(unit=unit).select_related("reports_to")
    )
    for position in positions:
        if position.reports_to is None or position.reports_to.unit_id != unit.pk:
            return position
    return None


def supervisors_of(person: Person) -> list[Position]:
    return approval_chain(person.position) if person.position_id else []
