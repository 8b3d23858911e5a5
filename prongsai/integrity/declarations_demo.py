"""Demo declarations of เทศบาลตำบลบ่อพลอย: October and November's procurement summaries (the
sample year with its planted red flags), the staff's annual declarations (most of them, a few
naming relations), three committees' declarations, gifts refused, received and one over the limit
reported up the chain, the code of ethics acknowledged by most, and the red flags kept for the
national comparison. The year is the latest whose October and November have ended."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from prongsai.core.models import Person
from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
from prongsai.integrity import declarations, gifts, redflags, samples
from prongsai.integrity.declarations import RelationData
from prongsai.integrity.models import Declaration
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

SPOUSE_FIRM = RelationData("firm", "หจก.ทรัพย์เจริญ", samples.RELATED_FIRM_ID, "คู่สมรสเป็นหุ้นส่วนผู้จัดการ")
BROTHER_FIRM = RelationData("firm", samples.LOSING_FIRM, samples.LOSING_FIRM_ID, "พี่ชายเป็นกรรมการบริษัท")
COUSIN = RelationData("person", "นายสมบัติ มั่งมี", samples.with_check_digit("310060044515"), "ลูกพี่ลูกน้อง")


def demo_year(today) -> int:
    """The latest fiscal year whose November has ended, so both sample months lie in the past."""
    current = fiscal_year_of(today)
    return current if today > fiscal_year_bounds(current)[0] + timedelta(days=60) else current - 1


def load(org, clerk_user) -> None:
    today = timezone.localdate()
    year = demo_year(today)
    if Declaration.objects.for_org(org).filter(fiscal_year=year).exists():
        return
    if not ProcurementSummary.objects.for_org(org).filter(year=year, month__in=(1, 2)).exists():
        samples.import_months(org, year)
    start = fiscal_year_bounds(year)[0]
    people = list(Person.objects.for_org(org).filter(is_active=True).select_related("user").order_by("pk"))
    by_user = {p.user.username: p for p in people if p.user_id}
    relations = {"finance": [SPOUSE_FIRM], "officehead": [BROTHER_FIRM], "deputy": [COUSIN]}
    for index, person in enumerate(people[:-2]):  # two have not declared yet
        username = person.user.username if person.user_id else ""
        declarations.declare(
            person, "annual", year, relations.get(username, []), person.user or clerk_user,
            declared_on=start + timedelta(days=7 + index),
        )  # fmt: skip
    lines = ProcurementLine.objects.for_org(org).filter(summary__year=year)
    related_line = lines.filter(summary__month=2, number=3).first()  # e-market, won by หจก.ทรัพย์เจริญ
    road_line = lines.filter(summary__month=1, number=5).first()  # e-bidding, one bidder
    chair, member = "ประธานกรรมการ", "กรรมการ"
    committees = [
        (related_line, [("finance", chair), ("officehead", member), ("adminhead", member)]),
        (road_line, [("clerk", chair), ("analyst", member), ("adminhead", member)]),
    ]
    for line, members in committees:
        for username, role in members:
            person = by_user.get(username)
            if line is None or person is None:
                continue
            # the relations are in the annual declarations: a committee declaration names none anew
            declarations.declare(
                person, "procurement", year, [], person.user or clerk_user, line=line,
                committee_role=role, declared_on=line.contract_date - timedelta(days=10),
            )  # fmt: skip
    _gifts(by_user, start)
    for person in people[:-3]:
        declarations.acknowledge_ethics(person, year, person.user or clerk_user)
    redflags.store(year, org.pk)


def _gifts(by_user: dict, start) -> None:
    gift_rows = [
        ("finance", 20, "ร้านวัสดุก่อสร้างรุ่งเรือง", "กระเช้าของขวัญปีใหม่", "1500", "refused"),
        ("analyst", 35, "สำนักงานสาธารณสุขอำเภอ", "ของที่ระลึกจากการประชุม", "300", "received"),
        ("officehead", 50, "บริษัท ก่อสร้างไทย จำกัด", "สร้อยคอทองคำ", "25000", "received"),
    ]
    for username, days, giver, description, value, action in gift_rows:
        person = by_user.get(username)
        if person is None:
            continue
        gifts.record(person, person.user, date=start + timedelta(days=days), giver=giver,
                     description=description, value=Decimal(value), action=action)  # fmt: skip
