"""Demo data: the 2565 OIT catalogue of เทศบาลตำบลบ่อพลอย with some items published, the mayor's
public profile and one message, and October's procurement summary. Safe to run again.

The measures announcement (o42 in 2565) is left unpublished on purpose: publishing the seed's
measures document is the first thing to try in the demo, and the readiness score moves by
exactly that item's share.

This fiscal year's catalogue (today's, from the clock) has about half of its items published,
through `publishing.publish()` as staff would; the rest is what the analyst works on.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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
from prongsai.disclosure.publishing import publish
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

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
    _this_year(organisation, office)
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
        _current_term(executive)
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


def _this_year(organisation, office) -> None:
    """Every other item of this fiscal year's catalogue published, once."""
    year = fiscal_year_of(timezone.localdate())
    ensure_catalogue(organisation, year)
    items = list(Item.objects.for_org(organisation).filter(year=year).order_by("order", "pk"))
    if Publication.objects.for_org(organisation).filter(item__in=items).exists():
        return
    start, end = fiscal_year_bounds(year)
    fy = to_thai_digits(str(year))
    for item in items[::2]:
        publication = publish(
            organisation, fiscal_year=year, item_code=item.code, unit=office,
            title=f"{item.title_th} ประจำปีงบประมาณ พ.ศ. {fy}",
            text=f"{organisation.name_th} เผยแพร่{item.title_th} ประจำปีงบประมาณ พ.ศ. {fy} "
                 f"ให้ประชาชนตรวจสอบได้ สอบถามเพิ่มเติมได้ที่{office.name_th if office else 'สำนักงาน'}",
        )  # fmt: skip
        publication.period_start, publication.period_end = start, end
        publication.save(update_fields=["period_start", "period_end"])


def _current_term(executive) -> None:
    """Re-elected every four years since the seed's term, so the profile shows a term running today."""
    today = timezone.localdate()
    if executive.term_end is None or executive.term_end >= today:
        return
    while executive.term_end < today:
        start = executive.term_end + timedelta(days=1)
        end = date(start.year + 4, start.month, min(start.day, 28)) - timedelta(days=1)
        executive.term_start, executive.term_end = start, end
    executive.save(update_fields=["term_start", "term_end"])
