"""Demo property for เทศบาลตำบลบ่อพลอย: the register of กองคลัง and กองช่าง, the rules, some loans.

Idempotent: items are keyed by code, rules by version, loans by purpose.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from prongsai.core import audit
from prongsai.core.models import Person, Position, Unit, User
from prongsai.property import actions
from prongsai.property.models import Asset, Category, ItemStatus, Loan, UsageRules
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of

RULES_TEXT = """ข้อ ๑ ทรัพย์สินของทางราชการให้ใช้เพื่อประโยชน์ของทางราชการเท่านั้น ห้ามนำไปใช้เพื่อประโยชน์ส่วนตัว
ข้อ ๒ การยืมต้องยื่นคำขอผ่านระบบ ระบุวัตถุประสงค์ และวันที่ยืม–คืน ให้หัวหน้าหน่วยงานที่ดูแลทรัพย์สินพิจารณาอนุมัติ
ข้อ ๓ การยืมรถยนต์ส่วนกลางต้องได้รับอนุญาตจากปลัดเทศบาล และบันทึกเลขไมล์ก่อนและหลังใช้งาน
ข้อ ๔ ผู้ยืมต้องตรวจสอบสภาพทรัพย์สินเมื่อรับมอบ และส่งคืนในสภาพเรียบร้อยภายในกำหนด
ข้อ ๕ หากทรัพย์สินชำรุดเสียหายหรือสูญหาย ผู้ยืมต้องรายงานผู้บังคับบัญชาทันที"""

# code, name, category, unit, location, acquired, value
ITEMS = [
    (
        "กข-๑๒๓๔ กาญจนบุรี",
        "รถยนต์บรรทุก (ดีเซล) ขนาด ๑ ตัน",
        Category.VEHICLE,
        "กองช่าง",
        "โรงจอดรถ",
        date(2019, 5, 2),
        "787000",
    ),
    (
        "๔๑๖-๖๔-๐๐๐๑",
        "เครื่องฉายภาพโปรเจคเตอร์",
        Category.EQUIPMENT,
        "กองคลัง",
        "ห้องพัสดุ",
        date(2021, 3, 15),
        "35900",
    ),
    (
        "๔๑๖-๖๔-๐๐๐๒",
        "จอรับภาพชนิดมอเตอร์ไฟฟ้า",
        Category.EQUIPMENT,
        "กองคลัง",
        "ห้องพัสดุ",
        date(2021, 3, 15),
        "12500",
    ),
    ("๔๑๖-๖๕-๐๐๐๑", "เครื่องขยายเสียงเคลื่อนที่", Category.EQUIPMENT, "กองคลัง", "ห้องพัสดุ", date(2022, 1, 10), "8900"),
    ("๔๑๖-๕๙-๐๐๐๑", "คอมพิวเตอร์โน้ตบุ๊ก", Category.IT, "กองคลัง", "ห้องพัสดุ", date(2016, 7, 1), "22000"),
    ("ห้อง-๐๑", "ห้องประชุมสภาเทศบาล", Category.ROOM, "กองคลัง", "อาคารสำนักงาน ชั้น ๒", None, None),
    (
        "๔๙๓-๖๒-๐๐๐๑",
        "เครื่องตัดหญ้าแบบข้อแข็ง",
        Category.TOOL,
        "กองช่าง",
        "โรงเก็บเครื่องมือ",
        date(2019, 11, 20),
        "9500",
    ),
    ("๔๑๖-๕๕-๐๐๐๓", "กล้องถ่ายภาพดิจิทัล", Category.EQUIPMENT, "กองคลัง", "ห้องพัสดุ", date(2012, 6, 1), "15000"),
]


def _bophloi(organisation) -> None:
    units = {u.name_th: u for u in Unit.objects.for_org(organisation)}
    finance_head = Person.objects.for_org(organisation).filter(user__username="finance").first()
    if "กองช่าง" in units and not Position.objects.for_org(organisation).filter(unit=units["กองช่าง"]).exists():
        clerk = next((p for p in Position.objects.for_org(organisation) if "clerk" in p.roles), None)
        Position.objects.create(
            organisation=organisation, title_th="ผู้อำนวยการกองช่าง", unit=units["กองช่าง"], reports_to=clerk,
            roles=["unit_head"],
        )  # fmt: skip
    if finance_head and "property_officer" not in finance_head.position.roles:
        finance_head.position.roles = [*finance_head.position.roles, "property_officer"]
        finance_head.position.save()
    for code, name, category, unit, location, acquired, value in ITEMS:
        Asset.objects.update_or_create(
            organisation=organisation, code=code,
            defaults={"name": name, "category": category, "unit": units[unit], "location": location,
                      "acquired_on": acquired, "value": Decimal(value) if value else None,
                      "custodian": finance_head if unit == "กองคลัง" else None},
        )  # fmt: skip
    audit.update_rows(
        Asset.objects.filter(organisation=organisation, code="๔๑๖-๕๕-๐๐๐๓"), status=ItemStatus.WRITTEN_OFF
    )
    if not UsageRules.objects.for_org(organisation).exists():
        UsageRules.objects.create(
            organisation=organisation, version=1, title="คู่มือการใช้ทรัพย์สินของทางราชการ เทศบาลตำบลบ่อพลอย",
            text=RULES_TEXT, is_current=True, published=True,
        )  # fmt: skip
    _loans(organisation)


def _loans(organisation) -> None:
    """Loans in progress today: one waiting for approval, one handed over (keyed by this fiscal year)."""
    analyst = User.objects.filter(username="analyst").first()
    head = User.objects.filter(username="finance").first()
    today = timezone.localdate()
    year = to_thai_digits(str(fiscal_year_of(today)))
    if not analyst or not head or Loan.objects.for_org(organisation).filter(purpose__endswith=year).exists():
        return
    projector = Asset.objects.for_org(organisation).get(code="๔๑๖-๖๔-๐๐๐๑")
    screen = Asset.objects.for_org(organisation).get(code="๔๑๖-๖๔-๐๐๐๒")
    rules = actions.current_rules(organisation)
    start = today + timedelta(days=3)
    actions.request_loan(
        analyst.person, [projector, screen], starts_on=start, ends_on=start + timedelta(days=1),
        purpose=f"ประชุมประชาคมเทศบาล (มาตรการที่ ๒) ปีงบประมาณ {year}", today=today, rules_version=rules.version,
    )  # fmt: skip
    amp = Asset.objects.for_org(organisation).get(code="๔๑๖-๖๕-๐๐๐๑")
    loan = actions.request_loan(
        analyst.person, [amp], starts_on=today, ends_on=today, today=today,
        purpose=f"ประชาสัมพันธ์ช่องทางร้องเรียน ปีงบประมาณ {year}", rules_version=rules.version,
    )  # fmt: skip
    actions.transition(loan, "approve", head, today=today)
    actions.transition(loan, "hand_over", head, today=today,
                       data={"condition": "ใช้งานได้ปกติ", "borrower_accepts": True})  # fmt: skip


def load(organisations: dict) -> None:
    if "bophloi" in organisations:
        _bophloi(organisations["bophloi"])
