"""The complaint centre on the disclosure portal (OIT): its manual, its appointment order, its statistics.

OIT items are found by title, because their numbers change every year:
- "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ" (o29 in 2563–2565, o27 in 2566,
  o25 in 2567, o17 in 2568): the centre's manual (a PDF uploaded and checked by its content),
  and the order appointing its officers, an approved memo of the documents app (its PDF);
- "สถิติเรื่องร้องเรียนการทุจริต" (o31 "ข้อมูลเชิงสถิติ…" to 2565, o29 in 2566, o19 in 2568): a
  link to the public statistics page of the fiscal year, which always shows current figures.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from prongsai.disclosure.publishing import item_code_titled, publish
from prongsai.thai.fiscal import fiscal_year_of

GUIDANCE_TITLE = "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต"
STATISTICS_TITLE = "สถิติเรื่องร้องเรียนการทุจริต"


def default_year(today: date) -> int:
    """The current fiscal year: a year without its own framework publishes into the latest one
    carried forward (`ita.results.framework_for`), so it is always there to publish into."""
    return fiscal_year_of(today)


def publish_manual(organisation, content: bytes, title: str, year: int, user=None):
    return publish(
        organisation, fiscal_year=year, item_code=item_code_titled(year, GUIDANCE_TITLE),
        title=title, content=content, filename="complaints-manual.pdf", user=user,
    )  # fmt: skip


def publish_appointment_order(organisation, document, year: int, user=None):
    """The approved memo that appoints the officers; ValueError (Thai + English) if it cannot be."""
    from prongsai.documents.models import Status

    if document is None or document.organisation_id != organisation.pk:
        raise ValueError("ยังไม่ได้เลือกคำสั่งแต่งตั้ง (no appointment order is chosen)")
    if document.status != Status.APPROVED:
        raise ValueError("คำสั่งแต่งตั้งต้องได้รับอนุมัติแล้ว (the appointment order must be approved)")
    if not document.pdf or not default_storage.exists(document.pdf):
        raise ValueError("คำสั่งแต่งตั้งยังไม่มีไฟล์ PDF (the appointment order has no PDF yet: render it first)")
    with default_storage.open(document.pdf, "rb") as handle:
        content = handle.read()
    return publish(
        organisation, fiscal_year=year, item_code=item_code_titled(year, GUIDANCE_TITLE),
        title=document.subject, content=content, filename="complaints-appointment-order.pdf", user=user,
    )  # fmt: skip


def publish_statistics(organisation, year: int, user=None):
    path = reverse("complaints_public:statistics", kwargs={"org_slug": organisation.slug})
    return publish(
        organisation, fiscal_year=year, item_code=item_code_titled(year, STATISTICS_TITLE),
        title=f"สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {year}",
        url=f"{settings.SITE_URL.rstrip('/')}{path}?fy={year}", user=user,
    )  # fmt: skip
