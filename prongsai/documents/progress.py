"""The 6- and 12-month progress reports of a measures plan, as an official memo with its attachment.

Like the measures memo, a progress report goes to the mayor as a บันทึกข้อความ with the report
attached: what each measure's steps did, their status and progress, and the evidence. The plan's
figures come from `prongsai.plans.reports.progress_report`; this module only lays them out, so
the same engine prints them as DOCX and as searchable PDF.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prongsai.core.models import Person
from prongsai.documents import text as t
from prongsai.documents.content import Attachment, Column, DocumentContent, Heading, Memo, Row, Section, Table
from prongsai.documents.models import DocumentSettings
from prongsai.documents.output import write_files
from prongsai.thai.dates import format_long

COLUMNS = (
    Column("มาตรการ/แนวทาง", 3.0),
    Column("ขั้นตอนการดำเนินการ", 3.6),
    Column("ผู้รับผิดชอบ", 2.2, center=True),
    Column("สถานะ", 1.8, center=True),
    Column("ร้อยละ", 1.2, center=True),
    Column("ผลการดำเนินการและหลักฐาน", 4.2),
)


def _result_lines(step) -> tuple[str, ...]:
    lines = []
    for update in step.updates:
        line = f"{format_long(update.date)}: {update.text}"
        if update.problems:
            line += f" ปัญหาและอุปสรรค: {update.problems}"
        lines.append(t.official(line))
        lines += [t.official(f"หลักฐาน: {e.name or e.url}") for e in update.evidence.all()]
    return tuple(lines) or ("ยังไม่มีรายงานที่ได้รับการยอมรับ",)


def _rows(report) -> tuple[Row, ...]:
    rows = []
    for measure in report.measures:
        title = t.official(f"{measure.number}. {measure.title} ({measure.period_th})")
        for n, step in enumerate(measure.steps):
            rows.append(Row((
                (title,) if n == 0 else ("",), (t.official(step.text),), (t.official(step.unit),),
                (step.status_label,), (t.official(f"{step.progress}"),), _result_lines(step),
            )))  # fmt: skip
    return tuple(rows)


def content_for(report, author: Person, today: date) -> DocumentContent:
    plan = report.plan
    org = plan.organisation
    settings_row = DocumentSettings.objects.for_org(org).first()
    period = "รอบ ๖ เดือน" if report.months == 6 else "รอบ ๑๒ เดือน"
    subject = t.official(
        f"รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส {period} "
        f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"
    )
    facts = t.official(
        f"ในการนี้ จึงขอรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส {period} "
        f"ตั้งแต่ {format_long(report.start)} ถึง {format_long(report.end)} ความก้าวหน้าโดยรวมร้อยละ "
        f"{report.progress} รายละเอียดตามสิ่งที่แนบมาพร้อมนี้"
    )
    memo = Memo(
        department=t.official((settings_row.department if settings_row else "") or org.name_th),
        reference=t.official(_number(report, subject, today)), date=t.official(format_long(today)),
        subject=subject,
        to=t.official(_top_executive(org)), attachments=(subject,),
        sections=(Section("ข้อเท็จจริง", (facts,)),),
        closing="จึงเรียนมาเพื่อโปรดทราบ", signer_name=t.name(author.full_name) if author else "",
        signer_position=t.official(author.position.title_th) if author and author.position_id else "",
        approvals=(),
    )  # fmt: skip
    attachment = Attachment((Heading(subject, center=True), Table(COLUMNS, _rows(report))))
    return DocumentContent(memo, (attachment,))


def _number(report, subject: str, today: date) -> str:
    """The memo's number in the send register, like every memo; printing it again keeps it."""
    from prongsai.documents import registers

    plan = report.plan
    key = f"progress:{plan.pk}:{report.months}"
    entry = registers.allocate(plan.organisation, day=today, subject=t.plain(subject), key=key,
                               to=_top_executive(plan.organisation))  # fmt: skip
    return entry.reference


def _top_executive(org) -> str:
    person = (
        Person.objects.for_org(org).filter(is_active=True, position__is_executive=True)
        .select_related("position").order_by("position__executive_order").first()
    )  # fmt: skip
    return person.position.title_th if person else "ผู้บริหาร"


def render(report, author: Person, today: date, out_dir: Path) -> dict:
    """Write the DOCX and PDF; returns their paths and the page count."""
    stem = f"progress-{report.plan.fiscal_year}-{report.months}m"
    return write_files(content_for(report, author, today), out_dir, stem)
