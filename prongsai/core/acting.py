"""Acting appointments (รักษาราชการแทน): who signs for a post on a given day.

Every approval path (documents, plans, property, complaints) asks `positions_held` whether a
user may take a step of a post, and `signatory` whom to name for a post; so a vacant head post is
filled by its acting official from the order's first day to its last, and the holder of a post
for which someone acts stays out of its decisions meanwhile. Each answer is one query.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from prongsai.core.models import ActingAppointment, Person, Position, User


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def in_force(on: datetime.date | None = None) -> QuerySet[ActingAppointment]:
    day = _day(on)
    return ActingAppointment.objects.filter(start__lte=day, end__gte=day)


def _person(who: User | Person | None) -> Person | None:
    if isinstance(who, Person):
        return who
    if isinstance(who, User) and who.is_authenticated:
        return getattr(who, "person", None) if hasattr(who, "person") else None
    return None


def signatory(position: Position, on: datetime.date | None = None) -> tuple[Person | None, bool]:
    """Who signs for `position` on a day, and whether they act: (person, acting) or (None, False).

    An appointment in force comes first (the holder may be away); else the holder in post.
    """
    acting = in_force(on).filter(position=position)
    found = (
        Person.objects.filter(organisation_id=position.organisation_id, is_active=True)
        .filter(Q(position=position) | Q(pk__in=acting.values("person")))
        .annotate(acting=Exists(acting.filter(person=OuterRef("pk"))))
        .select_related("position")
        .order_by("-acting", "pk")
        .first()
    )
    return (found, bool(found.acting)) if found else (None, False)


def positions_held(who: User | Person | None, on: datetime.date | None = None) -> list[Position]:
    """The person's own post and the posts they act for that day (own post first).

    A post for which someone else acts that day is left out of its holder's list. Today's answer
    is kept on the login or person asked about, so a page asking for many rows queries once.
    """
    today = timezone.localdate()
    day = on or today
    cached = getattr(who, "_prongsai_held", None) if day == today else None
    if cached is not None:
        return cached
    person = _person(who)
    if day == today and getattr(who, "acting_today", None) is False and _own_post_loaded(person):
        own = person.position if person.is_active else None  # loaded with the login (core/lockout.py)
        held = [own] if own is not None and own.organisation_id == person.organisation_id else []
    else:
        held = _positions_held(person, day)
    if day == today and who is not None:
        who._prongsai_held = held
    return held


def _own_post_loaded(person: Person | None) -> bool:
    """The person's post and its unit are loaded already (no query to read them)."""
    if person is None:
        return False
    own = person._state.fields_cache.get("position", False)
    return own is None or (own is not False and (own.unit_id is None or "unit" in own._state.fields_cache))


def _positions_held(person: Person | None, day: datetime.date) -> list[Position]:
    if person is None or not person.is_active:
        return []
    if _own_post_loaded(person):
        return _held_beside_own_post(person, person.position, day)
    acted = in_force(day).filter(person=person).values("position")
    others = in_force(day).filter(position=OuterRef("pk")).exclude(person=person)
    rows = list(
        Position.objects.filter(organisation_id=person.organisation_id)
        .filter(Q(pk=person.position_id) | Q(pk__in=acted))
        .annotate(acting=Exists(acted.filter(position=OuterRef("pk"))), replaced=Exists(others))
        .select_related("unit")
    )
    held = [p for p in rows if p.acting or not p.replaced]
    own = next((p for p in rows if p.pk == person.position_id), None)
    if own is not None and not person._state.fields_cache.get("position"):
        person.position = own  # fills the cache, so `person.position` costs no second query
    return sorted(held, key=lambda p: (p.pk != person.position_id, p.pk))


def _held_beside_own_post(person: Person, own: Position | None, day: datetime.date) -> list[Position]:
    """The same answer when the own post is loaded already (the signed-in user's, core/lockout.py):
    one plain query for the appointments in force that name the person or their post (usually none)."""
    involved = Q(person=person) | Q(position_id=own.pk) if own is not None else Q(person=person)
    appointments = list(in_force(day).filter(involved).select_related("position__unit"))
    acted = {
        a.position_id: a.position
        for a in appointments
        if a.person_id == person.pk and a.position.organisation_id == person.organisation_id
    }
    held = dict(acted)
    if own is not None and own.organisation_id == person.organisation_id:
        replaced = any(a.position_id == own.pk and a.person_id != person.pk for a in appointments)
        if own.pk in acted or not replaced:
            held[own.pk] = own
    return sorted(held.values(), key=lambda p: (p.pk != person.position_id, p.pk))


def position_ids_held(who: User | Person | None, on: datetime.date | None = None) -> set[int]:
    return {p.pk for p in positions_held(who, on)}


def acts_for(who: User | Person | None, position: Position | None, on: datetime.date | None = None) -> bool:
    """True when `who` holds `position` that day only by an acting appointment."""
    person = _person(who)
    if person is None or position is None:
        return False
    return in_force(on).filter(person=person, position=position).exists()


def signed_title(person: Person, position: Position) -> str:
    """The position line under a signature: the post, or "own post รักษาราชการแทน<post>" when acting."""
    if person.position_id == position.pk:
        return position.title_th
    own = person.position.title_th if person.position_id else ""
    return f"{own} รักษาราชการแทน{position.title_th}".strip()
