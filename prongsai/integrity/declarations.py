"""Declarations: who may read them, how they are made, and the counts that may leave the staff pages.

Least privilege: every person reads and makes their own; the clerk (ปลัด), who receives the
declarations for the organisation, reads everyone's; nobody else reads a declaration, and the
analyst sees only counts. Each read of someone's declaration, relation or gift is an audit entry
(`audit.record_read`), like a complaint's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from prongsai.core import audit
from prongsai.core.models import Person
from prongsai.integrity.models import (
    Declaration,
    DeclarationKind,
    DeclaredRelation,
    EthicsAcknowledgement,
    Gift,
)
from prongsai.thai import taxid


def person_of(user) -> Person | None:
    return getattr(user, "person", None) if hasattr(user, "person") else None


def reads_all(user) -> bool:
    """The clerk's role (`rules.py`: integrity.read_all_declarations)."""
    return user.has_perm("integrity.read_all_declarations")


def may_read(user, declarer_id: int) -> bool:
    person = person_of(user)
    return reads_all(user) or (person is not None and person.pk == declarer_id)


def visible(queryset, user):
    """The rows of `queryset` (with a `person` field) that `user` may read."""
    if reads_all(user):
        return queryset
    person = person_of(user)
    return queryset.filter(person=person) if person is not None else queryset.none()


def read(row, user, code: str) -> None:
    """Record that `user` opened `row` (every page that shows a declaration calls it)."""
    with audit.acting_as(user):
        audit.record_read(row, code)


@dataclass
class RelationData:
    kind: str
    name: str
    tax_id: str
    relationship: str


def declare(
    person: Person, kind: str, fiscal_year: int, relations: list[RelationData], by, *, line=None,
    committee_role: str = "", note: str = "", declared_on=None,
) -> Declaration:  # fmt: skip
    """Store a declaration with its relations (validated, so a bad id stores nothing)."""
    with transaction.atomic(), audit.acting_as(by):
        declaration = Declaration(
            organisation=person.organisation, kind=kind, fiscal_year=fiscal_year, person=person,
            procurement_line=line if kind == DeclarationKind.PROCUREMENT else None,
            committee_role=committee_role, has_relations=bool(relations), note=note,
            declared_on=declared_on or timezone.localdate(), created_by=by,
        )  # fmt: skip
        declaration.full_clean()
        declaration.save()
        for data in relations:
            relation = DeclaredRelation(
                organisation=person.organisation, declaration=declaration,
                **{**vars(data), "tax_id": taxid.normalise(data.tax_id)},
            )
            relation.full_clean(exclude=["name_key"])
            relation.save()
    return declaration


def acknowledge_ethics(person: Person, fiscal_year: int, by) -> EthicsAcknowledgement:
    with audit.acting_as(by):
        row, _created = EthicsAcknowledgement.objects.get_or_create(
            organisation=person.organisation, person=person, fiscal_year=fiscal_year,
            defaults={"acknowledged_at": timezone.now()},
        )  # fmt: skip
    return row


@dataclass
class Statistics:
    """What may leave the staff pages of declarations: counts, never names."""

    people: int
    annual: int
    committee: int
    with_relations: int
    gifts: int
    gifts_over_limit: int
    gifts_refused: int
    ethics_acknowledged: int

    @property
    def annual_missing(self) -> int:
        return max(self.people - self.annual, 0)


def statistics(organisation, fiscal_year: int) -> Statistics:
    from prongsai.integrity import gifts

    people = Person.objects.for_org(organisation).filter(is_active=True).count()
    declarations = Declaration.objects.for_org(organisation).filter(fiscal_year=fiscal_year).aggregate(
        annual=Count("pk", filter=Q(kind=DeclarationKind.ANNUAL)),
        committee=Count("pk", filter=Q(kind=DeclarationKind.PROCUREMENT)),
        with_relations=Count("pk", filter=Q(has_relations=True)),
    )
    gift_counts = Gift.objects.for_org(organisation).filter(fiscal_year=fiscal_year).aggregate(
        gifts=Count("pk"),
        over=Count("pk", filter=Q(value__gt=gifts.limit().amount)),
        refused=Count("pk", filter=Q(action="refused")),
    )
    acknowledged = EthicsAcknowledgement.objects.for_org(organisation).filter(fiscal_year=fiscal_year).count()
    return Statistics(
        people=people, annual=declarations["annual"], committee=declarations["committee"],
        with_relations=declarations["with_relations"], gifts=gift_counts["gifts"],
        gifts_over_limit=gift_counts["over"], gifts_refused=gift_counts["refused"],
        ethics_acknowledged=acknowledged,
    )  # fmt: skip
