"""Use of government property over a period: per unit, per item, overdue and damaged, never used.

Every figure comes from grouped queries, so a report costs the same few queries whether the
organisation has fifty items or five thousand. Loan days are counted over the part of each loan
inside the period. Public statistics are counts only, with no names.

The staff report's four tables (per unit, per borrower, overdue, never used) are one SQL statement
each, in the SQL that SQLite and PostgreSQL share: built through the ORM, their filtered counts and
subqueries cost several milliseconds of Python per page view to compile, far more than the
database takes to answer (docs/adr/0005-hand-written-sql-for-report-pages.md).
"""

# ruff: noqa: S608 - the SQL is assembled from this module's constants only; values go as parameters
from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Count, F, Q

from prongsai.core.models import Organisation, Person, Unit
from prongsai.property.models import Asset, Category, Loan, LoanItem, LoanState

USED = (LoanState.ON_LOAN, LoanState.RETURNED)
FIGURES = ("requested", "used", "refused", "overdue", "late", "damaged")

# The FIGURES of the loans `lo` of a group: requests, loans (handed over), refused, overdue today,
# returned late, damaged. Parameters: see `_figure_params`.
LOAN_FIGURES = """COUNT(*) AS requested,
       SUM(CASE WHEN lo.state IN (%s, %s) THEN 1 ELSE 0 END) AS used,
       SUM(CASE WHEN lo.state = %s THEN 1 ELSE 0 END) AS refused,
       SUM(CASE WHEN lo.state = %s AND lo.ends_on < %s THEN 1 ELSE 0 END) AS overdue,
       SUM(CASE WHEN lo.state = %s AND lo.returned_on > lo.ends_on THEN 1 ELSE 0 END) AS late,
       SUM(CASE WHEN lo.damage <> '' THEN 1 ELSE 0 END) AS damaged"""
# Loans overlapping the period; parameters: organisation, end, start.
LOANS_IN_PERIOD = "lo.organisation_id = %s AND lo.starts_on <= %s AND lo.ends_on >= %s"

UNIT_ROWS = f"""
SELECT u.id, u.organisation_id, u.name_th, u.name_en, u.parent_id, u."order",
       COALESCE(a.n, 0), COALESCE(used_items.n, 0), COALESCE(l.requested, 0), COALESCE(l.used, 0),
       COALESCE(l.refused, 0), COALESCE(l.overdue, 0), COALESCE(l.late, 0), COALESCE(l.damaged, 0)
FROM core_unit u
LEFT JOIN (SELECT unit_id, COUNT(*) AS n FROM property_asset WHERE organisation_id = %s GROUP BY unit_id) a
       ON a.unit_id = u.id
LEFT JOIN (SELECT i.unit_id, COUNT(DISTINCT li.item_id) AS n
           FROM property_loanitem li
           JOIN property_loan lo ON lo.id = li.loan_id
           JOIN property_asset i ON i.id = li.item_id
           WHERE li.organisation_id = %s AND li.starts_on <= %s AND li.ends_on >= %s
             AND lo.state IN (%s, %s)
           GROUP BY i.unit_id) used_items
       ON used_items.unit_id = u.id
LEFT JOIN (SELECT lo.unit_id, {LOAN_FIGURES}
           FROM property_loan lo WHERE {LOANS_IN_PERIOD} GROUP BY lo.unit_id) l
       ON l.unit_id = u.id
WHERE u.organisation_id = %s AND (a.n > 0 OR l.requested > 0)
ORDER BY u."order", u.name_th
"""
UNIT_FIELDS = ("id", "organisation_id", "name_th", "name_en", "parent_id", "order")

PERSON_ROWS = f"""
SELECT lo.borrower_id, p.prefix, p.first_name, p.last_name, {LOAN_FIGURES}
FROM property_loan lo JOIN core_person p ON p.id = lo.borrower_id
WHERE {LOANS_IN_PERIOD}
GROUP BY lo.borrower_id, p.prefix, p.first_name, p.last_name
ORDER BY used DESC, p.first_name
"""
PERSON_KEYS = ("borrower", "borrower__prefix", "borrower__first_name", "borrower__last_name", *FIGURES)

# Parameters: organisation twice, end, start, USED, then LIMIT and OFFSET.
NEVER_USED_ROWS = """
SELECT a.id, a.organisation_id, a.code, a.name, a.unit_id, u.name_th
FROM property_asset a JOIN core_unit u ON u.id = a.unit_id
WHERE a.organisation_id = %s AND NOT EXISTS (
    SELECT 1 FROM property_loanitem li JOIN property_loan lo ON lo.id = li.loan_id
    WHERE li.item_id = a.id AND li.organisation_id = %s AND li.starts_on <= %s AND li.ends_on >= %s
      AND lo.state IN (%s, %s))
ORDER BY u."order", a.code_key, a.id
LIMIT %s OFFSET %s
"""
# Parameters: organisation, ON_LOAN, today, limit.
OVERDUE_ROWS = """
SELECT lo.id, lo.organisation_id, lo.ends_on, lo.unit_id, u.name_th, lo.borrower_id, p.prefix, p.first_name,
       p.last_name
FROM property_loan lo JOIN core_unit u ON u.id = lo.unit_id JOIN core_person p ON p.id = lo.borrower_id
WHERE lo.organisation_id = %s AND lo.state = %s AND lo.ends_on < %s
ORDER BY lo.ends_on, lo.id
LIMIT %s
"""
RELATED = ("unit", "borrower")  # the foreign keys `_instance` attaches


def _day(value: date):
    return connection.ops.adapt_datefield_value(value)


def _figure_params(today: date) -> list:
    return [*USED, LoanState.REFUSED, LoanState.ON_LOAN, _day(today), LoanState.RETURNED]


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lines(organisation: Organisation, start: date, end: date):
    return LoanItem.objects.for_org(organisation).filter(
        starts_on__lte=end, ends_on__gte=start, loan__state__in=USED
    )


def by_unit(organisation: Organisation, start: date, end: date, today: date) -> list[dict]:
    """One row per custodian unit with items or requests: items, items used, and the loans' FIGURES."""
    if organisation is None:  # no organisation means no rows (TenantQuerySet.for_org)
        return []
    org, period = organisation.pk, [_day(end), _day(start)]
    params = [org, org, *period, *USED, *_figure_params(today), org, *period, org]
    rows = []
    for row in _rows(UNIT_ROWS, params):
        unit = _instance(Unit, **dict(zip(UNIT_FIELDS, row[:6], strict=True)))
        figures = dict(zip(FIGURES, row[8:], strict=True))
        rows.append({"unit": unit, "items": row[6], "items_used": row[7], **figures})
    return rows


def never_used_count(units: list[dict]) -> int:
    """How many items `never_used` lists, from `by_unit`'s rows: every item has a custodian unit, so
    the units' items less their items used count them without another query."""
    return sum(row["items"] - row["items_used"] for row in units)


def by_person(organisation: Organisation, start: date, end: date, today: date) -> list[dict]:
    """One row per borrower with loans in the period, busiest first (keys: PERSON_KEYS)."""
    if organisation is None:
        return []
    params = [*_figure_params(today), organisation.pk, _day(end), _day(start)]
    return [dict(zip(PERSON_KEYS, row, strict=True)) for row in _rows(PERSON_ROWS, params)]


class NeverUsed:
    """The items not used in the period, as the Paginator pages them: their number is known from
    `by_unit`'s rows (`never_used_count`), and each page is one query (LIMIT/OFFSET)."""

    def __init__(self, organisation: Organisation, start: date, end: date, count: int):
        org = organisation.pk if organisation is not None else None  # None: a count of 0, no query
        self.params = [org, org, _day(end), _day(start), *USED]
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice) -> list[Asset]:
        if window.stop <= window.start:
            return []
        rows = _rows(NEVER_USED_ROWS, [*self.params, window.stop - window.start, window.start])
        return [
            _instance(Asset, id=pk, organisation_id=org, code=code, name=name,
                      unit=_instance(Unit, id=unit, name_th=unit_name))
            for pk, org, code, name, unit, unit_name in rows
        ]  # fmt: skip


def never_used(organisation: Organisation, start: date, end: date, units: list[dict]) -> NeverUsed:
    """Items without a loan handed over in the period, by unit and code; `units` are `by_unit`'s rows."""
    return NeverUsed(organisation, start, end, never_used_count(units))


def overdue_loans(organisation: Organisation, today: date, limit: int = 100) -> list[Loan]:
    """Loans handed over and not back by their last day, longest overdue first, with unit and borrower."""
    if organisation is None:
        return []
    rows = _rows(OVERDUE_ROWS, [organisation.pk, LoanState.ON_LOAN, _day(today), limit])
    return [
        _instance(Loan, id=pk, organisation_id=org, ends_on=ends_on, state=LoanState.ON_LOAN,
                  unit=_instance(Unit, id=unit, name_th=unit_name),
                  borrower=_instance(Person, id=person, prefix=prefix, first_name=first, last_name=last))
        for pk, org, ends_on, unit, unit_name, person, prefix, first, last in rows
    ]  # fmt: skip


def _instance(model, **values):
    """A row as the ORM would load it, the fields not given deferred; a related instance given by its
    field's name is attached as `select_related` would attach it."""
    related = {name: values.pop(name) for name in list(values) if name in RELATED}
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    instance = model.from_db(connection.alias, names, [values[name] for name in names])
    for name, other in related.items():
        setattr(instance, name, other)
    return instance


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
