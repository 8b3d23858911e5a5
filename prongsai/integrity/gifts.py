"""The gift register (No Gift Policy) and its limit: a gift worth more than the limit per occasion
is reported to the head of the organisation through the documents chain.

The limit is data with its legal source; `INTEGRITY_GIFT_LIMIT_BAHT` in the settings replaces
the amount should the NACC change it before this module is updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.core import audit
from prongsai.core.models import Person
from prongsai.documents import workflow
from prongsai.documents.models import DocumentType
from prongsai.integrity.models import Gift
from prongsai.thai.dates import format_long
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of

REPORT_TYPE = "gift-report"
SOURCE = (
    "พระราชบัญญัติประกอบรัฐธรรมนูญว่าด้วยการป้องกันและปราบปรามการทุจริต พ.ศ. ๒๕๖๑ มาตรา ๑๒๘ และ"
    "ประกาศคณะกรรมการ ป.ป.ช. เรื่อง หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยาของเจ้าหน้าที่ของรัฐ "
    "พ.ศ. ๒๕๖๓ (ไม่เกิน ๓,๐๐๐ บาท ต่อบุคคล ต่อโอกาส)"
)


@dataclass(frozen=True)
class Limit:
    amount: Decimal
    source: str


def limit() -> Limit:
    return Limit(Decimal(str(getattr(settings, "INTEGRITY_GIFT_LIMIT_BAHT", 3000))), SOURCE)


def needs_report(value: Decimal) -> bool:
    return value > limit().amount


class ReportError(Exception):
    """The report could not be drafted (no chain above the recipient)."""


def _report_type(organisation, position) -> DocumentType:
    doc_type, _created = DocumentType.objects.get_or_create(
        organisation=organisation, code=REPORT_TYPE,
        defaults={"name_th": "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา"},
    )  # fmt: skip
    if not doc_type.chain.exists():
        workflow.set_chain(doc_type, workflow.chain_from_command(position))
    return doc_type


def report_text(gift: Gift, head_title: str) -> dict:
    value = to_thai_digits(f"{gift.value:,.2f}")
    amount = to_thai_digits(f"{limit().amount:,.0f}")
    return {
        "subject": "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดที่มีมูลค่าเกินกว่าที่กำหนด",
        "to": head_title,
        "background": f"ตาม{SOURCE} กำหนดให้เจ้าหน้าที่ของรัฐที่ได้รับทรัพย์สินหรือประโยชน์อื่นใดที่มีมูลค่าเกิน "
        f"{amount} บาท รายงานต่อผู้บังคับบัญชา",
        "facts": f"เมื่อวันที่ {format_long(gift.date)} {gift.person.full_name} ได้รับการเสนอให้ "
        f"{gift.description} จาก {gift.giver} มูลค่าประมาณ {value} บาท ({gift.get_action_display()})",
        "proposal": "จึงเรียนมาเพื่อโปรดพิจารณาว่าสมควรให้รับไว้เป็นของหน่วยงาน หรือส่งคืนผู้ให้",
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
    }


def record(person: Person, by, **fields) -> tuple[Gift, str | None]:
    """Store a gift; over the limit, draft its report to the head in the documents chain. The
    second value says why no report could be drafted (no chain above the recipient): the gift is
    kept all the same, and the report is made by hand."""
    with transaction.atomic(), audit.acting_as(by):
        gift = Gift(organisation=person.organisation, person=person, created_by=by,
                    fiscal_year=fiscal_year_of(fields["date"]), **fields)  # fmt: skip
        gift.full_clean()
        gift.save()
    if needs_report(gift.value):
        try:
            attach_report(gift, by)
        except (ReportError, workflow.WorkflowError) as exc:
            return gift, str(exc)
    return gift, None


def attach_report(gift: Gift, by) -> None:
    position = gift.person.position if gift.person.position_id else None
    chain = workflow.chain_from_command(position) if position is not None else []
    if not chain:
        raise ReportError(
            _("The gift is recorded, but the recipient has no position above them to report to; "
              "make the report to the head by hand.")
        )  # fmt: skip
    with transaction.atomic():
        doc_type = _report_type(gift.organisation, position)
        head = list(doc_type.chain.select_related("position"))[-1].position
        document = workflow.create_document(
            doc_type, gift.fiscal_year, gift.person, by, **report_text(gift, head.title_th)
        )
        with audit.acting_as(by):
            gift.report = document
            gift.save(update_fields=["report"])
