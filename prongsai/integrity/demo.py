"""Demo register and action plan of เทศบาลตำบลบ่อพลอย for the current fiscal year (from the clock)
and the one before: ten risks across the processes, quarterly follow-ups for the quarters that have
ended, and projects linked to the risks (and to the measures plan of the same year, if any)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from prongsai.core import audit
from prongsai.core.models import Unit, User
from prongsai.integrity import declarations_demo
from prongsai.integrity.models import (
    ActionPlan,
    Project,
    ProjectProgress,
    RegisterState,
    Risk,
    RiskFollowUp,
    RiskRegister,
)
from prongsai.plans.models import Measure
from prongsai.thai.dates import ad_year
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of, half_bounds

# (process, detail, event, cause, likelihood, impact, existing, added, unit, residual (L, I))
RISKS = [
    (
        "permits",
        "ใบอนุญาตก่อสร้าง",
        "เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง",
        "ขั้นตอนไม่ชัดเจน ผู้ขอไม่ทราบระยะเวลา",
        4,
        4,
        "มีคู่มือการให้บริการ",
        "ประกาศระยะเวลาและติดตามคำขอผ่านระบบ",
        "กองช่าง",
        (2, 4),
    ),
    (
        "permits",
        "ใบอนุญาตประกอบกิจการ",
        "ละเว้นการตรวจสถานประกอบการที่เป็นพวกพ้อง",
        "ผู้ตรวจคนเดียวรับผิดชอบทั้งพื้นที่",
        3,
        3,
        "ตรวจตามแผนประจำปี",
        "สุ่มตรวจซ้ำโดยทีมที่สอง",
        "สำนักปลัดเทศบาล",
        (2, 3),
    ),
    (
        "procurement",
        "วิธีเฉพาะเจาะจง",
        "แบ่งซื้อแบ่งจ้างเพื่อใช้วิธีเฉพาะเจาะจง",
        "ไม่ได้รวมความต้องการของทุกกองก่อนจัดหา",
        4,
        5,
        "ตรวจสอบตามระเบียบพัสดุ",
        "รวมแผนจัดซื้อรายไตรมาสและตรวจยอดซื้อรายผู้ขายทุกเดือน",
        "กองคลัง",
        (3, 4),
    ),
    (
        "procurement",
        "ร่างขอบเขตงาน",
        "กำหนดคุณลักษณะเฉพาะเอื้อผู้ขายบางราย",
        "ผู้จัดทำขอบเขตงานมีความสัมพันธ์กับผู้ขาย",
        3,
        5,
        "คณะกรรมการกำหนดขอบเขตงาน",
        "ให้กรรมการลงนามเปิดเผยผลประโยชน์ทับซ้อนทุกครั้ง",
        "กองคลัง",
        (2, 5),
    ),
    (
        "procurement",
        "การตรวจรับ",
        "ตรวจรับงานก่อสร้างไม่ครบตามสัญญา",
        "ขาดช่างผู้ควบคุมงานที่มีคุณวุฒิ",
        3,
        4,
        "มีผู้ควบคุมงาน",
        "ถ่ายภาพทุกงวดงานและเผยแพร่ความก้าวหน้า",
        "กองช่าง",
        (2, 3),
    ),
    (
        "assets",
        "รถยนต์ส่วนกลาง",
        "ใช้รถยนต์ส่วนกลางไปธุระส่วนตัว",
        "ไม่มีสมุดบันทึกการใช้รถที่ตรวจได้",
        3,
        2,
        "ขออนุญาตก่อนใช้รถ",
        "บันทึกเลขไมล์และตรวจทุกเดือน",
        "สำนักปลัดเทศบาล",
        (2, 2),
    ),
    (
        "assets",
        "วัสดุสำนักงาน",
        "นำวัสดุสำนักงานไปใช้ส่วนตัว",
        "การเบิกจ่ายไม่มีทะเบียนคุม",
        2,
        2,
        "",
        "ทะเบียนคุมวัสดุรายกอง",
        "กองคลัง",
        (1, 2),
    ),
    (
        "budget",
        "ค่าตอบแทนนอกเวลา",
        "เบิกค่าตอบแทนนอกเวลาโดยไม่ได้ปฏิบัติงานจริง",
        "ไม่มีหลักฐานการลงเวลา",
        3,
        3,
        "ผู้บังคับบัญชาลงนามรับรอง",
        "สแกนลายนิ้วมือลงเวลานอกเวลา",
        "กองคลัง",
        (1, 3),
    ),
    (
        "personnel",
        "การเลื่อนขั้นเงินเดือน",
        "ใช้ดุลพินิจประเมินผลงานโดยไม่เป็นธรรม",
        "เกณฑ์การประเมินไม่เปิดเผย",
        2,
        4,
        "คณะกรรมการกลั่นกรอง",
        "ประกาศเกณฑ์และผลการประเมินภายใน",
        "สำนักปลัดเทศบาล",
        (2, 3),
    ),
    (
        "power",
        "การใช้ดุลพินิจ",
        "สั่งการด้วยวาจาให้ดำเนินการที่ไม่ถูกต้อง",
        "ไม่มีช่องทางทักท้วง",
        2,
        5,
        "",
        "ช่องทางแจ้งเบาะแสภายในที่ปกปิดตัวตน",
        "สำนักปลัดเทศบาล",
        (1, 5),
    ),
]

# (title, budget, indicator, target, unit, first month, last month (fiscal months 1-12), risks, done 6/12)
PROJECTS = [
    (
        "โครงการเปิดเผยขั้นตอนและระยะเวลาการอนุญาต",
        "15000",
        "ร้อยละคำขอที่แล้วเสร็จตามเวลาที่ประกาศ",
        "ไม่น้อยกว่าร้อยละ ๙๐",
        "กองช่าง",
        1,
        6,
        [1, 2],
        (60, 100),
    ),
    (
        "โครงการรวมแผนจัดซื้อจัดจ้างรายไตรมาส",
        "0",
        "จำนวนการแบ่งซื้อที่ตรวจพบ",
        "๐ ครั้ง",
        "กองคลัง",
        1,
        12,
        [3, 4],
        (50, 100),
    ),
    (
        "กิจกรรมเผยแพร่ความก้าวหน้างานก่อสร้างทุกงวด",
        "5000",
        "ร้อยละสัญญาที่มีภาพทุกงวดงาน",
        "ร้อยละ ๑๐๐",
        "กองช่าง",
        3,
        12,
        [5],
        (40, 90),
    ),
    (
        "โครงการอบรมประมวลจริยธรรมและการใช้ทรัพย์สินของราชการ",
        "30000",
        "จำนวนบุคลากรที่ผ่านการอบรม",
        "ไม่น้อยกว่าร้อยละ ๘๐ ของบุคลากร",
        "สำนักปลัดเทศบาล",
        4,
        9,
        [6, 7, 8],
        (0, 100),
    ),
    (
        "กิจกรรมช่องทางแจ้งเบาะแสภายใน",
        "0",
        "จำนวนช่องทางที่เปิดให้บริการ",
        "๑ ช่องทาง",
        "สำนักปลัดเทศบาล",
        1,
        3,
        [9, 10],
        (100, 100),
    ),
]


def _month_start(fiscal_year: int, n: int) -> date:
    start = fiscal_year_bounds(fiscal_year)[0]
    month = (start.month - 1 + n - 1) % 12 + 1
    return date(start.year + (start.month - 1 + n - 1) // 12, month, 1)


def _month_end(fiscal_year: int, n: int) -> date:
    first = _month_start(fiscal_year, n + 1) if n < 12 else date(ad_year(fiscal_year), 10, 1)
    return date.fromordinal(first.toordinal() - 1)


def _unit(org, name: str, fallback: Unit) -> Unit:
    return Unit.objects.for_org(org).filter(name_th=name).first() or fallback


def _quarter_end(fiscal_year: int, quarter: int) -> date:
    return _month_end(fiscal_year, quarter * 3)


def load(organisations: dict) -> None:
    org = organisations["bophloi"]
    today = timezone.localdate()
    current = fiscal_year_of(today)
    analyst = User.objects.filter(username="analyst").first()
    clerk = User.objects.filter(username="clerk").first()
    fallback = Unit.objects.for_org(org).order_by("order", "pk").first()
    if analyst is None or clerk is None or fallback is None:
        return
    with audit.acting_as("demo"):
        for year in (current - 1, current):
            if not RiskRegister.objects.for_org(org).filter(fiscal_year=year).exists():
                _register(org, year, today, analyst, clerk, fallback)
            if not ActionPlan.objects.for_org(org).filter(fiscal_year=year).exists():
                _plan(org, year, today, analyst, fallback)
        declarations_demo.load(org, clerk)  # declarations, gifts and procurement red flags


def _register(org, year, today, analyst, clerk, fallback) -> None:
    register = RiskRegister.objects.create(
        organisation=org, fiscal_year=year, state=RegisterState.APPROVED, approved_by=clerk,
        approved_at=timezone.now(),
    )  # fmt: skip
    for number, row in enumerate(RISKS, 1):
        process, detail, event, cause, lk, im, existing, added, unit, (rl, ri) = row
        risk = Risk.objects.create(
            organisation=org, register=register, number=number, process=process, process_detail=detail,
            event=event, cause=cause, likelihood=lk, impact=im, existing_controls=existing,
            added_control=added, owner_unit=_unit(org, unit, fallback),
        )  # fmt: skip
        for quarter in range(1, 5):
            ended = _quarter_end(year, quarter)
            if ended > today:
                break
            step = quarter / 4  # the residual level settles over the year
            RiskFollowUp.objects.create(
                organisation=org, risk=risk, quarter=quarter, date=ended, author=analyst,
                residual_likelihood=max(1, round(lk - (lk - rl) * step)),
                residual_impact=max(1, round(im - (im - ri) * step)),
                note="ดำเนินการตามมาตรการเพิ่มเติมแล้ว" if quarter == 4 else "อยู่ระหว่างดำเนินการตามมาตรการ",
            )  # fmt: skip


def _plan(org, year, today, analyst, fallback) -> None:
    plan = ActionPlan.objects.create(organisation=org, fiscal_year=year)
    risks = {r.number: r for r in Risk.objects.for_org(org).filter(register__fiscal_year=year)}
    measures = list(Measure.objects.for_org(org).filter(plan__fiscal_year=year).order_by("number")[:5])
    for number, row in enumerate(PROJECTS, 1):
        title, budget, indicator, target, unit, first, last, answers, done = row
        project = Project.objects.create(
            organisation=org, action_plan=plan, number=number, title=title, budget=Decimal(budget),
            indicator=indicator, target=target, owner_unit=_unit(org, unit, fallback),
            start=_month_start(year, first), end=_month_end(year, last),
        )  # fmt: skip
        project.risks.set([risks[n] for n in answers if n in risks])
        if measures:
            project.measures.set([measures[(number - 1) % len(measures)]])
        for half in (1, 2):
            end = half_bounds(year, half)[1]
            if end >= today:
                break
            progress = done[half - 1]
            ProjectProgress.objects.create(
                organisation=org, project=project, half=half, date=end, author=analyst, progress=progress,
                status="done" if progress == 100 else ("in_progress" if progress else "not_started"),
                spent=(Decimal(budget) * progress / 100).quantize(Decimal("0.01")),
                note="ดำเนินการแล้วเสร็จตามแผน" if progress == 100 else "อยู่ระหว่างดำเนินการ",
            )  # fmt: skip
