"""Use of government property over a period: per unit, per item, overdue and damaged, never used.

Every figure comes from grouped queries, so a report costs the same few queries whether the
organisation has fifty items or five thousand. Loan days are counted over the part of each loan
inside the period. Public statistics are counts only, with no names.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q

from prongsai.core.models import Organisation, Unit
from prongsai.property.models import Asset, Category, Loan, LoanItem, LoanState

USED = (LoanState.ON_LOAN, LoanState.RETURNED)


def _lines(organisation: Organisation, start: date, end: date):
    return LoanItem.objects.for_org(organisation).filter(
        starts_on__lte=end, ends_on__gte=start, loan__state__in=USED
    )


def by_unit(organisation: Organisation, start: date, end: date, today: date) -> list[dict]:
    """One row per custodian unit: items, loans, items used, overdue and damaged loans."""
    items = dict(
        Asset.objects.for_org(organisation).values("unit").annotate(n=Count("pk")).values_list("unit", "n")
    )
    loans = Loan.objects.for_org(organisation).filter(starts_on__lte=end, ends_on__gte=start)
    loan_counts = {
        row["unit"]: row
        for row in loans.values("unit").annotate(
            requested=Count("pk"),
            used=Count("pk", filter=Q(state__in=USED)),
            refused=Count("pk", filter=Q(state=LoanState.REFUSED)),
            overdue=Count("pk", filter=Q(state=LoanState.ON_LOAN, ends_on__lt=today)),
            late=Count("pk", filter=Q(state=LoanState.RETURNED, returned_on__gt=F("ends_on"))),
            damaged=Count("pk", filter=~Q(damage="")),
        )
    }
    used_items = dict(
        _lines(organisation, start, end).values("item__unit").annotate(n=Count("item", distinct=True))
        .values_list("item__unit", "n")
    )  # fmt: skip
    rows = []
    for unit in Unit.objects.for_org(organisation).order_by("order", "name_th"):
        counts = loan_counts.get(unit.pk, {})
        rows.append({
            "unit": unit, "items": items.get(unit.pk, 0), "items_used": used_items.get(unit.pk, 0),
            **{k: counts.get(k, 0) for k in ("requested", "used", "refused", "overdue", "late", "damaged")},
        })  # fmt: skip
    return [r for r in rows if r["items"] or r["requested"]]


def never_used_count(units: list[dict]) -> int:
    """How many items `never_used` lists, from `by_unit`'s rows: every item has a custodian unit, so
    the units' items less their items used count them without another query."""
    return sum(row["items"] - row["items_used"] for row in units)


def by_person(organisation: Organisation, start: date, end: date, today: date):
    """One row per borrower with loans in the period, busiest first: a queryset, to be paginated."""
    return (
        Loan.objects.for_org(organisation)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .values("borrower", "borrower__prefix", "borrower__first_name", "borrower__last_name")
        .annotate(
            requested=Count("pk"),
            used=Count("pk", filter=Q(state__in=USED)),
            overdue=Count("pk", filter=Q(state=LoanState.ON_LOAN, ends_on__lt=today)),
            late=Count("pk", filter=Q(state=LoanState.RETURNED, returned_on__gt=F("ends_on"))),
            damaged=Count("pk", filter=~Q(damage="")),
        )
        .order_by("-used", "borrower__first_name")
    )


def never_used(organisation: Organisation, start: date, end: date):
    used = _lines(organisation, start, end).filter(item=OuterRef("pk"))
    return (
        Asset.objects.for_org(organisation)
        .filter(~Exists(used))
        .select_related("unit")
        .order_by("unit__order", "code_key")
    )


def overdue_loans(organisation: Organisation, today: date):
    return (
        Loan.objects.for_org(organisation)
        .filter(state=LoanState.ON_LOAN, ends_on__lt=today)
        .select_related("borrower", "unit")
        .order_by("ends_on")
    )


def public_statistics(organisation: Organisation, start: date, end: date) -> list[dict]:
    """Counts per category for the public page: items, loans, loans returned late. No names."""
    items = dict(Asset.objects.for_org(organisation).values("category").annotate(n=Count("pk")).values_list(
        "category", "n"
    ))  # fmt: skip
    lines = _lines(organisation, start, end)
    loans = {
        row["item__category"]: row
        for row in lines.values("item__category").annotate(
            loans=Count("loan", distinct=True),
            late=Count("loan", distinct=True, filter=Q(loan__returned_on__gt=F("loan__ends_on"))),
        )
    }
    return [
        {"category": label, "items": items.get(code, 0), "loans": loans.get(code, {}).get("loans", 0),
         "late": loans.get(code, {}).get("late", 0)}
        for code, label in Category.choices
        if items.get(code)
    ]  # fmt: skip


def item_history(item: Asset):
    return LoanItem.objects.filter(item=item).select_related("loan__borrower").order_by("-starts_on", "-pk")
