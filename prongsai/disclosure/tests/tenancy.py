"""Disclosure rows for the tenant-isolation walk; the marker sits in text each page shows."""

from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
from prongsai.disclosure.tests.factories import item_of, make_executive, make_message, make_publication


def populate(org, marker: str) -> None:
    item = item_of(org, "o1", year=2564)
    make_publication(item, f"{marker} โครงสร้าง")
    executive = make_executive(org, introduction=f"{marker} แนะนำตัว")
    make_message(executive, subject=f"{marker} เรื่องร้องเรียน")
    summary = ProcurementSummary.objects.create(organisation=org, year=2564, month=10, title=f"{marker} สขร.")
    ProcurementLine.objects.create(
        organisation=org,
        summary=summary,
        number=1,
        project=f"{marker} ซ่อมถนน",
        budget=1000,
        method="เฉพาะเจาะจง",
    )
