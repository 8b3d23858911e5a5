"""Integrity rows for tests: a register with risks, follow-ups, an action plan with projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from prongsai.integrity.models import ActionPlan, Project, ProjectProgress, Risk, RiskFollowUp, RiskRegister
from prongsai.thai.fiscal import fiscal_year_bounds


def make_register(org, year: int, **fields) -> RiskRegister:
    return RiskRegister.objects.create(organisation=org, fiscal_year=year, **fields)


def make_risk(register, unit, number: int = 1, likelihood: int = 3, impact: int = 3, **fields) -> Risk:
    defaults = {"process": "procurement", "event": "แบ่งซื้อแบ่งจ้าง", "cause": "ไม่รวมแผน"}
    return Risk.objects.create(
        organisation=register.organisation, register=register, number=number, likelihood=likelihood,
        impact=impact, owner_unit=unit, **{**defaults, **fields},
    )  # fmt: skip


def make_follow_up(
    risk, author, quarter: int = 1, likelihood: int = 2, impact: int = 2, **fields
) -> RiskFollowUp:
    start = fiscal_year_bounds(risk.register.fiscal_year)[0]
    return RiskFollowUp.objects.create(
        organisation=risk.organisation, risk=risk, quarter=quarter, date=fields.pop("date", start),
        author=author,
        residual_likelihood=likelihood, residual_impact=impact, **fields,
    )  # fmt: skip


def make_action_plan(org, year: int, **fields) -> ActionPlan:
    return ActionPlan.objects.create(organisation=org, fiscal_year=year, **fields)


def make_project(plan, unit, number: int = 1, **fields) -> Project:
    start, end = fiscal_year_bounds(plan.fiscal_year)
    defaults = {"title": "โครงการอบรมคุณธรรม", "budget": Decimal("10000"), "indicator": "จำนวนผู้เข้าอบรม",
                "target": "ร้อยละ ๘๐", "start": start, "end": end}  # fmt: skip
    return Project.objects.create(
        organisation=plan.organisation,
        action_plan=plan,
        number=number,
        owner_unit=unit,
        **{**defaults, **fields},
    )


def make_progress(project, author, half: int = 1, **fields) -> ProjectProgress:
    defaults = {"date": fields.pop("date", date(2000, 1, 1)), "status": "in_progress", "progress": 50}
    return ProjectProgress.objects.create(
        organisation=project.organisation, project=project, half=half, author=author, **{**defaults, **fields}
    )
