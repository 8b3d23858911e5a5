"""The measures memo (มาตรการส่งเสริมคุณธรรมและความโปร่งใส) and its attachment, as plain content.

Assumptions: the measures of fiscal year Y answer the ITA result of year Y-1 (seed: ITA 2564 →
FY 2565). The measures come from the organisation's plan (plans app) when it has one for the
year, else from the ITA analysis's proposals. The analysis table prints the total as NACC
published it (`reported_total`) when one was recorded, else the computed total.
"""

from __future__ import annotations

from dataclasses import dataclass

from prongsai.core.models import Organisation
from prongsai.core.storage import local_path
from prongsai.core.wording import localise
from prongsai.documents import text as t
from prongsai.documents.content import (
    ApprovalBlock,
    Attachment,
    Column,
    DocumentContent,
    Heading,
    Memo,
    Paragraph,
    Row,
    Section,
    Table,
)  # fmt: skip
from prongsai.documents.models import Document, DocumentSettings, StepState
from prongsai.thai.dates import format_long

KIND = "measures-memo"
TOOLS = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    "OIT": "แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)",
}
# Widths fit the content when printed (layout.fit_columns): the steps column comes out widest.
ANALYSIS_COLUMNS = (Column("ตัวชี้วัดของการประเมิน ITA"), Column("ประเด็นที่ต้องแก้ไข/ปรับปรุง"))
MEASURE_COLUMNS = (
    Column("มาตรการ/แนวทาง"),
    Column("วิธีการดำเนินการ"),
    Column("ผู้รับผิดชอบ", center=True),
    Column("ระยะเวลาดำเนินการ", center=True),
    Column("การติดตามผล"),
)


@dataclass(frozen=True)
class MeasureLine:
    number: int
    title: str
    steps: tuple[str, ...]
    units: tuple[str, ...]
    period: str
    follow_up: str


def title_of(organisation: Organisation, fiscal_year: int) -> str:
    return f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fiscal_year} {organisation.name_th}"


def default_text(organisation: Organisation, fiscal_year: int, to: str) -> dict:
    """The seed memo's wording, for a new measures memo of `fiscal_year`."""
    ita_year = fiscal_year - 1
    return {
        "subject": title_of(organisation, fiscal_year),
        "to": to,
        "background": (
            "ตามที่สำนักงานคณะกรรมการการป้องกันและปราบปรามการทุจริตแห่งชาติ ประเมินคุณธรรมและความโปร่งใส"
            f"ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี {fiscal_year} ให้หน่วยงานจัดทำมาตรการส่งเสริมคุณธรรม"
            "และความโปร่งใสภายในหน่วยงาน โดยวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
            f"หน่วยงานภาครัฐ ในปี พ.ศ. {ita_year} โดยมีข้อมูลรายละเอียดการวิเคราะห์ผลในประเด็นข้อบกพร่องหรือจุดอ่อน"
            "มาแก้ไขพัฒนาให้ดีขึ้น นั้น"
        ),
        "facts": (
            f"ในการนี้ จึงขอรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fiscal_year} "
            f"ของ{organisation.name_th} รายละเอียดตามสิ่งที่แนบมาพร้อมนี้"
        ),
        "proposal": "",
        "closing": "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
    }


def measure_lines(organisation: Organisation, fiscal_year: int, analysis=None) -> list[MeasureLine]:
    """The plan's measures when there is a plan for the year, else the ITA proposals."""
    try:
        from prongsai.plans import content as plans  # the plans app may be absent or unmigrated
    except ImportError:
        plans = None
    plan = plans.plan_for(organisation, fiscal_year) if plans is not None else None
    if plan is not None:
        return [
            MeasureLine(r.number, r.title, tuple(r.steps), tuple(r.units), r.period_th, r.follow_up)
            for r in plans.measure_rows(plan)
        ]
    if analysis is None:
        return []
    kind = organisation.kind  # the library speaks as a municipality (core.wording)
    return [
        MeasureLine(
            m.number, localise(m.title_th, kind), tuple(localise(step, kind) for step in m.steps_th),
            (localise(m.unit_th, kind),), m.period_th(fiscal_year), localise(m.follow_up_th, kind),
        )
        for m in analysis.measures
    ]  # fmt: skip


def analysis_for(organisation: Organisation, fiscal_year: int):
    from prongsai.ita.models import Result
    from prongsai.ita.results import analyse

    result = Result.objects.for_org(organisation).filter(year=fiscal_year - 1).first()
    return analyse(result) if result is not None else None


def analysis_blocks(organisation: Organisation, fiscal_year: int, analysis) -> list:
    ita_year = fiscal_year - 1
    if analysis is None:
        return [Paragraph(t.official(f"ยังไม่มีผลการประเมิน ITA ปี {ita_year} ของ{organisation.name_th}"))]
    result = analysis.result
    total = result.reported_total if result.reported_total is not None else result.total
    grade = result.reported_rating or result.rating
    # As in the seed: one paragraph per tool, beside its lowest indicator; the staff analysis page
    # has the paragraph of every weak indicator.
    texts = {w.indicator: text for w, text in analysis.paragraphs if w.lowest_in_group}
    rows: list[Row] = []
    for group in ("IIT", "EIT", "OIT"):
        rows.append(Row(((t.official(TOOLS[group]),),), group=True))
        for ind in (i for i in analysis.framework.indicators if i.group == group):
            label = t.official(f"{ind.code}. {ind.name_th} {result.scores[ind.code]} คะแนน")
            rows.append(Row(((label,), (t.official(texts.get(ind.code, "")),))))
    rows.append(Row(((t.official(f"คะแนนรวม {total} คะแนน"),), (t.official(f"ระดับผลการประเมิน {grade}"),))))
    return [
        Paragraph(
            t.official(
                f"๑. การวิเคราะห์ผลการประเมิน ITA ของ{organisation.name_th} ปีงบประมาณ พ.ศ. {ita_year} "
                f"จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. {ita_year} ของ{organisation.name_th} พบว่า มีผลคะแนน "
                f"{total} คะแนน อยู่ในระดับ {grade} ดังนี้"
            ),
            indent=True,
        ),
        Paragraph("โดยวิเคราะห์ผลการประเมินแต่ละตัวชี้วัด ได้ดังนี้", indent=True),
        Table(ANALYSIS_COLUMNS, tuple(rows)),
    ]


def measure_table(lines: list[MeasureLine]) -> Table:
    rows = tuple(
        Row((
            (t.official(f"{m.number}. {m.title}"),),
            tuple(t.official(f"{n}.{step}") for n, step in enumerate(m.steps, start=1)),
            tuple(t.official(u) for u in m.units),
            (t.official(m.period),),
            (t.official(m.follow_up),),
        ))
        for m in lines
    )  # fmt: skip
    return Table(MEASURE_COLUMNS, rows)


def attachment(organisation: Organisation, fiscal_year: int) -> Attachment:
    analysis = analysis_for(organisation, fiscal_year)
    lines = measure_lines(organisation, fiscal_year, analysis)
    place = " ".join(filter(None, [organisation.name_th, _district(organisation)]))
    blocks = [
        Heading(
            t.official(f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fiscal_year}\n{place}"),
            center=True,
        ),
        *analysis_blocks(organisation, fiscal_year, analysis),
        Heading(t.official(f"๒. ข้อเสนอแนะในการพัฒนาคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. {fiscal_year}")),
        measure_table(lines) if lines else Paragraph("ยังไม่มีมาตรการ", indent=True),
    ]
    return Attachment(tuple(blocks))


def _district(organisation: Organisation) -> str:
    parts = []
    if organisation.district:
        parts.append(f"อำเภอ{organisation.district}")
    if organisation.province:
        parts.append(f"จังหวัด{organisation.province}")
    return " ".join(parts)


def memo(document: Document) -> Memo:
    org = document.organisation
    settings_row = DocumentSettings.objects.for_org(org).first()
    department = (settings_row.department if settings_row and settings_row.department else "") or (
        document.author.position.unit.name_th
        if document.author.position and document.author.position.unit
        else ""
    )
    author = document.author
    position = author.position.title_th + (author.position.level or "") if author.position_id else ""
    sections = [
        Section(heading, tuple(t.official(p) for p in body.split("\n\n") if p.strip()))
        for heading, body in (
            ("เรื่องเดิม", document.background), ("ข้อเท็จจริง", document.facts),
            ("ข้อพิจารณา / ข้อเสนอ", document.proposal),
        )
        if body.strip()
    ]  # fmt: skip
    approvals = tuple(
        ApprovalBlock(
            suggestion=t.official(s.suggestion) if s.state == StepState.APPROVED else "",
            name=t.name(s.signed_name if s.state == StepState.APPROVED else _holder_name(s)),
            position=t.official(s.signed_position or s.position.title_th),
            date=t.official(format_long(s.signed_on)) if s.signed_on else "",
        )
        for s in document.steps.select_related("position", "delegate").order_by("order")
    )
    return Memo(
        department=t.official(department),
        reference=t.official(document.reference) or "........",
        date=t.official(format_long(document.doc_date)) if document.doc_date else "........",
        subject=t.official(document.subject),
        to=t.official(document.to),
        attachments=(
            t.official(f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {document.fiscal_year}"),
        )
        if document.document_type.code == KIND
        else (),
        sections=tuple(sections),
        closing=t.official(document.closing),
        signer_name=t.name(author.full_name),
        signer_position=t.official(position),
        approvals=approvals,
        emblem_path=emblem_path(org),
    )


def emblem_path(organisation: Organisation) -> str:
    """A local path to the organisation's Garuda artwork (a storage name), or "" for the placeholder."""
    from prongsai.documents.layout import emblem_missing

    if emblem_missing(organisation):
        return ""
    name = DocumentSettings.objects.for_org(organisation).values_list("emblem", flat=True).first()
    return str(local_path(name))


def _holder_name(step) -> str:
    from prongsai.documents.workflow import approver_of

    person = approver_of(step)
    return person.full_name if person else step.position.title_th


def content_of(document: Document) -> DocumentContent:
    attachments = (
        (attachment(document.organisation, document.fiscal_year),)
        if document.document_type.code == KIND
        else ()
    )
    return DocumentContent(memo(document), attachments)
