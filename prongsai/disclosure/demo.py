"""Demo data: the 2565 OIT catalogue of เทศบาลตำบลบ่อพลอย with some items published, the mayor's
public profile and one message, and October's procurement summary. Safe to run again.

The measures announcement (o42 in 2565) is left unpublished on purpose: publishing the seed's
measures document is the first thing to try in the demo, and the readiness score moves by
exactly that item's share.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from prongsai.core.models import Person, Unit
from prongsai.disclosure.catalogue import ensure_catalogue
from prongsai.disclosure.models import (
    ContactMessage,
    Executive,
    Item,
    Kind,
    ProcurementLine,
    ProcurementSummary,
    Publication,
)

TEXTS = {
    "o1": ("แผนผังโครงสร้างเทศบาลตำบลบ่อพลอย", "สำนักปลัดเทศบาล กองคลัง กองช่าง"),
    "o3": ("อำนาจหน้าที่ของเทศบาลตำบลบ่อพลอย", "ตามพระราชบัญญัติเทศบาล พ.ศ. ๒๔๙๖ มาตรา ๕๐ และมาตรา ๕๓"),
}  # fmt: skip


def load(organisations: dict) -> None:
    organisation = organisations.get("bophloi")
    if organisation is None:
        return
    ensure_catalogue(organisation, 2565)
    office = Unit.objects.for_org(organisation).filter(name_th="สำนักปลัดเทศบาล").first()
    for code, (title, text) in TEXTS.items():
        item = Item.objects.for_org(organisation).get(year=2565, code=code)
        Publication.objects.get_or_create(
            organisation=organisation, item=item, title=title,
            defaults={"kind": Kind.TEXT, "text": text, "unit": office,
                      "period_start": date(2021, 10, 1), "period_end": date(2022, 9, 30)},
        )  # fmt: skip
    item = Item.objects.for_org(organisation).get(year=2565, code="o2")
    public_executives = reverse("disclosure_public:executives", kwargs={"org_slug": organisation.slug})
    Publication.objects.get_or_create(
        organisation=organisation, item=item, title="ข้อมูลผู้บริหาร",
        defaults={"kind": Kind.LINK, "url": settings.SITE_URL.rstrip("/") + public_executives},
    )  # fmt: skip
    mayor = Person.objects.for_org(organisation).filter(user__username="mayor").first()
    if mayor is not None:
        executive, _ = Executive.objects.get_or_create(
            organisation=organisation, person=mayor,
            defaults={"phone": "034-000-111", "email": "mayor@bophloi.example",
                      "term_start": date(2021, 3, 28), "term_end": date(2025, 3, 27),
                      "introduction": "นายกเทศมนตรีตำบลบ่อพลอย ยินดีรับฟังทุกความเห็น"},
        )  # fmt: skip
        ContactMessage.objects.get_or_create(
            organisation=organisation, executive=executive, subject="ไฟส่องสว่างหมู่ ๓ ดับ",
            defaults={"sender_name": "นายประชา ชาวบ่อพลอย", "sender_contact": "081-000-0000",
                      "body": "ไฟถนนหน้าวัดดับมาหนึ่งสัปดาห์ รบกวนตรวจสอบ"},
        )  # fmt: skip
    summary, created = ProcurementSummary.objects.get_or_create(
        organisation=organisation, year=2565, month=10,
        defaults={"title": "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม ปีงบประมาณ พ.ศ. 2565", "source_name": "demo"},
    )  # fmt: skip
    if created:
        ProcurementLine.objects.create(
            organisation=organisation, summary=summary, number=1, project="จ้างซ่อมแซมถนนลูกรัง หมู่ที่ ๓",
            budget=Decimal("49500"), method="เฉพาะเจาะจง", bidders="หจก.ทางดี 49,000 บาท", winner="หจก.ทางดี",
            price=Decimal("49000"), reason="ราคาต่ำสุดและคุณสมบัติครบ", contract_no="จ.12/2565",
            contract_date=date(2021, 10, 15),
        )  # fmt: skip
        ProcurementLine.objects.create(
            organisation=organisation, summary=summary, number=2, project="ซื้อวัสดุสำนักงาน",
            budget=Decimal("12000"), method="เฉพาะเจาะจง", winner="ร้านเครื่องเขียนบ่อพลอย",
            price=Decimal("11800"), reason="ราคาเหมาะสม",
        )  # fmt: skip
