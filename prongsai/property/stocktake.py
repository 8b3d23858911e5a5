"""The yearly stocktake (ตรวจสอบพัสดุประจำปี): a checklist of the register and its discrepancies.

A stocktake copies the register once (one line per item, with the status the register held);
checkers then confirm each item seen, with a note. Discrepancies are items not (yet) seen that
the register says should be on hand, and items seen that the register says are lost or
written off. Both lists are single queries, whatever the size of the register.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from prongsai.core.models import Organisation, Person
from prongsai.property.models import Asset, ItemStatus, Stocktake, StocktakeLine

GONE = (ItemStatus.LOST, ItemStatus.WRITTEN_OFF)


@transaction.atomic
def start(organisation: Organisation, fiscal_year: int) -> Stocktake:
    stocktake = Stocktake.objects.create(
        organisation=organisation, fiscal_year=fiscal_year, title=f"ตรวจสอบพัสดุประจำปีงบประมาณ {fiscal_year}"
    )
    # bulk_create: thousands of lines, copied data; the stocktake row itself is in the audit log.
    StocktakeLine.objects.bulk_create(
        StocktakeLine(organisation=organisation, stocktake=stocktake, item_id=pk, expected_status=status)
        for pk, status in Asset.objects.for_org(organisation).values_list("pk", "status").iterator()
    )
    return stocktake


def check(line: StocktakeLine, by: Person | None, *, seen: bool, note: str = "") -> StocktakeLine:
    line.seen, line.note, line.checked_by, line.checked_at = seen, note[:300], by, timezone.now()
    line.save()
    return line


def discrepancies(stocktake: Stocktake) -> QuerySet:
    missing = Q(seen=False) & ~Q(expected_status__in=GONE)
    reappeared = Q(seen=True, expected_status__in=GONE)
    return stocktake.lines.filter(missing | reappeared).select_related("item__unit")


def progress(stocktake: Stocktake) -> tuple[int, int]:
    lines = stocktake.lines.all()
    return lines.filter(seen=True).count(), lines.count()
