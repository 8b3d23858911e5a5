"""Rows of every property model for the tenant-isolation walk (core test_tenant_isolation.py)."""

from datetime import timedelta

from django.utils import timezone

from prongsai.property import actions, stocktake
from prongsai.property.tests.factories import (
    make_borrower,
    make_item,
    make_loan,
    make_office,
    make_photo,
    make_rules,
)


def populate(org, marker: str) -> None:
    unit, head, _officer, _clerk = make_office(org, unit_name=f"{marker} กองคลัง")
    item = make_item(
        org, unit, code=f"{marker}-416-0001", name=f"{marker} โปรเจคเตอร์", location=f"{marker} ห้อง ๒"
    )
    make_photo(item)
    make_rules(org, text=f"{marker} ข้อ ๑ ใช้เพื่อราชการเท่านั้น", title=f"{marker} คู่มือ", published=True)
    borrower = make_borrower(org)
    today = timezone.localdate()
    loan = make_loan(borrower, [item], today=today, purpose=f"{marker} อบรม")
    actions.transition(loan, "approve", head, today=today, note=f"{marker} อนุมัติ")
    # An overdue loan that started before today, for the report pages.
    other = make_item(org, unit, name=f"{marker} รถยนต์")
    late = make_loan(
        borrower, [other], today=today - timedelta(days=10), start=today - timedelta(days=10), days=2
    )
    actions.transition(late, "approve", head, today=today)
    taken = stocktake.start(org, 2564)
    stocktake.check(taken.lines.first(), None, seen=True, note=f"{marker} พบที่ห้องพัสดุ")
