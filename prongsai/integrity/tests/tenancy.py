"""Integrity rows for the tenant-isolation walk (fiscal year 2564, as every app dates its yearly rows)."""

from prongsai.core.tests.factories import make_staff, make_unit
from prongsai.integrity.tests.factories import (
    make_action_plan,
    make_follow_up,
    make_progress,
    make_project,
    make_register,
    make_risk,
)


def populate(org, marker: str) -> None:
    unit = make_unit(org, f"กองความเสี่ยง{marker}")
    author = make_staff(org, roles=("unit_head",))
    register = make_register(org, 2564, state="approved", published=True)
    risk = make_risk(register, unit, event=f"เหตุการณ์ {marker}", cause=f"สาเหตุ {marker}")
    make_follow_up(risk, author, note=f"ติดตาม {marker}")
    plan = make_action_plan(org, 2564, published=True)
    project = make_project(plan, unit, title=f"โครงการ {marker}")
    project.risks.add(risk)
    make_progress(project, author, note=f"ความก้าวหน้า {marker}")
