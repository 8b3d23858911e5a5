"""The risk assessment report and the action plan as official memos (บันทึกข้อความ) to the head.

The documents app has one generic path for a memo made outside its approval chain: build a
`DocumentContent` (memo plus attachment tables) and write it with `documents.output.write_files`,
as the plans' progress reports do. The same engine prints the DOCX and the searchable PDF, in Thai
digits and Buddhist-era dates.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.utils.translation import override

from prongsai.documents import text as t
from prongsai.documents.content import Attachment, Column, DocumentContent, Heading, Memo, Row, Section, Table
from prongsai.documents.models import DocumentSettings
from prongsai.documents.output import write_files
from prongsai.documents.progress import _top_executive
from prongsai.integrity import levels, reports
from prongsai.integrity.models import ActionPlan, ProgressStatus, RiskRegister
from prongsai.thai.dates import format_long

RISK_COLUMNS = (
    Column("ที่", 0.8, center=True),
    Column("เหตุการณ์ความเสี่ยงและสาเหตุ", 4.6),
    Column("โอกาส × ผลกระทบ", 2.0, center=True),
    Column("การควบคุมที่มีอยู่ / มาตรการเพิ่มเติม", 4.4),
    Column("ผู้รับผิดชอบ", 2.0, center=True),
    Column("ผลการติดตามล่าสุด", 2.2, center=True),
)
PLAN_COLUMNS = (
    Column("ที่", 0.8, center=True),
    Column("โครงการ/กิจกรรม ตัวชี้วัด ค่าเป้าหมาย", 3.2),
    Column("งบประมาณ (บาท)", 2.6, center=True),
    Column("ระยะเวลา", 2.0, center=True),
    Column("ผู้รับผิดชอบ", 1.8, center=True),
    Column("ตอบความเสี่ยง / มาตรการ", 2.0, center=True),
    Column("ผลรอบ ๖ และ ๑๒ เดือน", 3.6),
)
STATUS_TH = {
    ProgressStatus.NOT_STARTED: "ยังไม่เริ่ม",
    ProgressStatus.IN_PROGRESS: "กำลังดำเนินการ",
    ProgressStatus.DONE: "แล้วเสร็จ",
    ProgressStatus.BLOCKED: "ติดขัด",
}
MARKERS_TH = {
    reports.LATE: "ยังไม่รายงาน (เกินกำหนด)",
    reports.DUE: "ถึงกำหนดรายงาน",
    reports.UPCOMING: "ยังไม่ถึงกำหนด",
}


def baht(value) -> str:
    """Whole baht without satang (narrow table columns): ๑๕,๐๐๐ and ๑,๕๐๐.๕๐."""
    return t.official(f"{value:,.0f}" if value == int(value) else f"{value:,.2f}")


def _memo(org, subject: str, facts: str, author, today: date) -> Memo:
    settings_row = DocumentSettings.objects.for_org(org).first()
    return Memo(
        department=t.official((settings_row.department if settings_row else "") or org.name_th),
        reference="", date=t.official(format_long(today)), subject=subject,
        to=t.official(_top_executive(org)), attachments=(subject,),
        sections=(Section("ข้อเท็จจริง", (facts,)),),
        closing="จึงเรียนมาเพื่อโปรดทราบและพิจารณา", signer_name=t.name(author.full_name) if author else "",
        signer_position=t.official(author.position.title_th) if author and author.position_id else "",
        approvals=(),
    )  # fmt: skip


def risk_content(register: RiskRegister, author, today: date) -> DocumentContent:
    with override("th"):  # process and status labels come through gettext
        return _risk_content(register, author, today)


def _risk_content(register: RiskRegister, author, today: date) -> DocumentContent:
    summary = reports.risk_summary(register)
    counts = summary.inherent.by_level()
    subject = t.official(f"รายงานผลการประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {register.fiscal_year}")
    by_level = " ".join(f"ระดับ{b.label_th} {counts[b.code]} เรื่อง" for b in reversed(levels.BANDS))
    facts = t.official(
        f"ได้ประเมินความเสี่ยงการทุจริตของกระบวนงานต่าง ๆ จำนวน {len(summary.risks)} เรื่อง "
        f"เป็นความเสี่ยง{by_level} และกำหนดมาตรการควบคุมเพิ่มเติมพร้อมผู้รับผิดชอบ "
        f"(เกณฑ์: โอกาส × ผลกระทบ ๑-๓ ต่ำ ๔-๘ ปานกลาง ๙-๑๔ สูง ๑๕-๒๕ สูงมาก) รายละเอียดตามสิ่งที่แนบมาพร้อมนี้"
    )
    rows = []
    for risk in summary.risks:
        process = risk.get_process_display() + (f" ({risk.process_detail})" if risk.process_detail else "")
        latest = risk.latest_follow_up
        follow = ("ยังไม่ติดตาม",)
        if latest:
            residual = f"{latest.residual_likelihood} × {latest.residual_impact}"
            follow = (t.official(f"ไตรมาส {latest.quarter}"), t.official(residual), latest.level.label_th)
        rows.append(Row((
            (t.official(str(risk.number)),),
            (t.official(process), t.official(risk.event), t.official(f"สาเหตุ: {risk.cause}")),
            (t.official(f"{risk.likelihood} × {risk.impact} = {risk.score}"), risk.level.label_th),
            (t.official(f"มีอยู่: {risk.existing_controls or '-'}"),
             t.official(f"เพิ่มเติม: {risk.added_control or '-'}")),
            (t.official(risk.owner_unit.name_th),),
            follow,
        )))  # fmt: skip
    attachment = Attachment((Heading(subject, center=True), Table(RISK_COLUMNS, tuple(rows))))
    return DocumentContent(_memo(register.organisation, subject, facts, author, today), (attachment,))


def plan_content(plan: ActionPlan, author, today: date) -> DocumentContent:
    projects = reports.projects_of(plan, today)
    subject = t.official(f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}")
    total = sum((p.budget for p in projects), start=0)
    facts = t.official(
        f"ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต จำนวน {len(projects)} โครงการ/กิจกรรม "
        f"งบประมาณรวม {total:,.2f} บาท พร้อมผลการดำเนินการรอบ ๖ และ ๑๒ เดือน รายละเอียดตามสิ่งที่แนบมาพร้อมนี้"
    )
    rows = []
    for p in projects:
        links = []
        if numbers := [str(r.number) for r in p.risks.all()]:
            links.append("ความเสี่ยงที่ " + ", ".join(numbers))
        if numbers := [str(m.number) for m in p.measures.all()]:
            links.append("มาตรการที่ " + ", ".join(numbers))
        rows.append(Row((
            (t.official(str(p.number)),),
            (t.official(p.title), t.official(f"ตัวชี้วัด: {p.indicator}"), t.official(f"ค่าเป้าหมาย: {p.target}")),
            (baht(p.budget),),
            (p.period_th.replace("-", "- "),),  # a place to wrap in a narrow column
            (t.official(p.owner_unit.name_th),),
            tuple(t.official(x) for x in links) or ("-",),
            tuple(_progress_line(p, half) for half in (1, 2)),
        )))  # fmt: skip
    attachment = Attachment((Heading(subject, center=True), Table(PLAN_COLUMNS, tuple(rows))))
    return DocumentContent(_memo(plan.organisation, subject, facts, author, today), (attachment,))


def _progress_line(project, half: int) -> str:
    label = "รอบ ๖ เดือน" if half == 1 else "รอบ ๑๒ เดือน"
    entry = project.by_half.get(half)
    if entry is None:
        return f"{label}: {MARKERS_TH[project.markers[half]]}"
    note = f" {entry.note}" if entry.note else ""
    return t.official(f"{label}: {STATUS_TH[entry.status]} ร้อยละ {entry.progress}{note}")


def files(content: DocumentContent, stem: str) -> dict[str, bytes]:
    """{"docx": bytes, "pdf": bytes}; RenderError when no PDF can be made."""
    with override("th"), tempfile.TemporaryDirectory(prefix="prongsai-integrity-") as tmp:
        written = write_files(content, Path(tmp), stem)
        return {kind: Path(written[kind]).read_bytes() for kind in ("docx", "pdf")}
