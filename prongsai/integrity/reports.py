"""What the register and the action plan say, in one structure for pages, the command and the memo.

Rows are read with a fixed number of queries whatever the register's size (the register page
asserts it): risks with their unit and follow-ups, projects with their links and progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from prongsai.integrity import heatmap, levels
from prongsai.integrity.models import ActionPlan, Project, ProjectProgress, Risk, RiskFollowUp, RiskRegister
from prongsai.thai.fiscal import half_bounds


def risks_of(register: RiskRegister) -> list[Risk]:
    """The register's risks, each with `follow_up_list` and `latest_follow_up`."""
    risks = list(
        Risk.objects.for_org(register.organisation).filter(register=register)
        .select_related("owner_unit").order_by("number", "pk")
        .prefetch_related(Prefetch(
            "follow_ups", queryset=RiskFollowUp.objects.order_by("quarter", "pk"), to_attr="follow_up_list"
        ))
    )  # fmt: skip
    for risk in risks:
        risk.latest_follow_up = risk.follow_up_list[-1] if risk.follow_up_list else None
    return risks


def projects_of(plan: ActionPlan, today: date) -> list[Project]:
    """The plan's projects, each with `progress_list`, `by_half` and `markers` (half -> marker)."""
    projects = list(
        Project.objects.for_org(plan.organisation).filter(action_plan=plan)
        .select_related("owner_unit").order_by("number", "pk")
        .prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("number", "pk")),
            "measures",
            Prefetch(
                "progress_entries", queryset=ProjectProgress.objects.order_by("half"), to_attr="progress_list"
            ),
        )
    )  # fmt: skip
    for project in projects:
        project.by_half = {entry.half: entry for entry in project.progress_list}
        project.markers = {
            half: marker(plan.fiscal_year, half, project.by_half.get(half), today) for half in (1, 2)
        }
    return projects


# Where a project's 6- or 12-month report stands: written, due now, late, or not yet due.
REPORTED, DUE, LATE, UPCOMING = "reported", "due", "late", "upcoming"


def marker(fiscal_year: int, half: int, entry, today: date) -> str:
    """A half's report is due during the half and late once the half has ended without one."""
    if entry is not None:
        return REPORTED
    start, end = half_bounds(fiscal_year, half)
    if today > end:
        return LATE
    return DUE if today >= start else UPCOMING


@dataclass
class RiskSummary:
    register: RiskRegister
    risks: list[Risk]

    @property
    def inherent(self) -> heatmap.HeatMap:
        return heatmap.inherent(self.risks)

    @property
    def residual(self) -> heatmap.HeatMap:
        return heatmap.residual(self.risks)


def risk_summary(register: RiskRegister) -> RiskSummary:
    return RiskSummary(register, risks_of(register))


def risk_data(register: RiskRegister, plan: ActionPlan | None, today: date) -> dict:
    """The register (and the year's action plan) as plain data, for `prongsai risk report`."""
    summary = risk_summary(register)
    data = {
        "organisation": register.organisation.slug,
        "fiscal_year": register.fiscal_year,
        "state": register.state,
        "published": register.published,
        "matrix": [
            {"level": b.code, "label_th": b.label_th, "min_score": b.low, "max_score": b.high}
            for b in levels.BANDS
        ],
        "risks": [_risk_data(risk) for risk in summary.risks],
        "heat_map": {
            "inherent": _heat_data(summary.inherent),
            "residual": _heat_data(summary.residual),
        },
        "action_plan": _plan_data(plan, today) if plan else None,
    }
    return data


def _risk_data(risk: Risk) -> dict:
    latest = risk.latest_follow_up
    return {
        "number": risk.number,
        "process": risk.process,
        "process_th": risk.get_process_display(),
        "process_detail": risk.process_detail,
        "event": risk.event,
        "cause": risk.cause,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "score": risk.score,
        "level": risk.level.code,
        "level_th": risk.level.label_th,
        "existing_controls": risk.existing_controls,
        "added_control": risk.added_control,
        "owner_unit": risk.owner_unit.name_th,
        "follow_ups": [
            {
                "quarter": f.quarter,
                "date": f.date,
                "residual_likelihood": f.residual_likelihood,
                "residual_impact": f.residual_impact,
                "residual_level": f.level.code,
                "note": f.note,
            }
            for f in risk.follow_up_list
        ],
        "residual_level": latest.level.code if latest else risk.level.code,
    }


def _heat_data(heat: heatmap.HeatMap) -> dict:
    return {
        "total": heat.total,
        "by_level": heat.by_level(),
        "cells": [{"likelihood": lk, "impact": im, "count": n} for (lk, im), n in sorted(heat.cells.items())],
    }


def _plan_data(plan: ActionPlan, today: date) -> dict:
    projects = projects_of(plan, today)
    return {
        "fiscal_year": plan.fiscal_year,
        "published": plan.published,
        "budget": sum((p.budget for p in projects), start=0),
        "projects": [
            {
                "number": p.number,
                "title": p.title,
                "budget": p.budget,
                "indicator": p.indicator,
                "target": p.target,
                "owner_unit": p.owner_unit.name_th,
                "period_th": p.period_th,
                "risks": [r.number for r in p.risks.all()],
                "measures": [m.number for m in p.measures.all()],
                "progress": {
                    str(half): {
                        "marker": p.markers[half],
                        **(
                            {"status": e.status, "progress": e.progress, "spent": e.spent, "note": e.note}
                            if (e := p.by_half.get(half))
                            else {}
                        ),
                    }
                    for half in (1, 2)
                },
            }
            for p in projects
        ],
    }
