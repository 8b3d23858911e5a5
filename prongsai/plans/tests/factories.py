"""Plain builders for plans test data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from prongsai.core.models import Unit
from prongsai.core.tests.factories import make_org, make_position, make_unit
from prongsai.ita import results
from prongsai.ita.demo import SEED_2564, SEED_FAILED_ITEMS
from prongsai.ita.models import Source
from prongsai.plans.models import Evidence, Measure, Plan, Step, StepUpdate, plan_title

SEED_UNITS = [
    ("สำนักปลัดเทศบาล", None),
    ("ฝ่ายบริหารงานทั่วไป", "สำนักปลัดเทศบาล"),
    ("งานวิเคราะห์นโยบายและแผน", "ฝ่ายบริหารงานทั่วไป"),
    ("กองคลัง", None),
    ("กองช่าง", None),
]


def make_seed_org(slug: str | None = None):
    """An organisation with the seed's units and its ITA 2564 result (scores and failed OIT items)."""
    org = make_org(slug)
    units: dict[str, Unit] = {}
    for name, parent in SEED_UNITS:
        units[name] = make_unit(org, name, parent=units.get(parent) if parent else None)
    results.save_result(
        org,
        2564,
        {n: Decimal(s) for n, s in enumerate(SEED_2564, start=1)},
        reported_total=Decimal("79.58"),
        reported_rating="B",
        oit_items={f"o{n}": f"o{n}" not in SEED_FAILED_ITEMS for n in range(1, 34)},
        source=Source.PASTE,
    )
    return org, units


def make_plan(org, fiscal_year: int = 2565, **fields) -> Plan:
    return Plan.objects.create(
        organisation=org,
        fiscal_year=fiscal_year,
        title=fields.pop("title", plan_title(fiscal_year)),
        **fields,
    )


def make_measure(plan: Plan, number: int = 1, title: str = "มาตรการทดสอบ", units=(), **fields) -> Measure:
    year = plan.fiscal_year - 543
    defaults = {"start": date(year, 2, 1), "end": date(year, 4, 30), "follow_up": "กำกับติดตามโดยผู้บังคับบัญชา"}
    measure = Measure.objects.create(
        organisation=plan.organisation, plan=plan, number=number, title=title, **{**defaults, **fields}
    )
    measure.units.set(units)
    return measure


def make_step(measure: Measure, unit: Unit, text: str = "จัดทำคู่มือ", order: int = 1, **fields) -> Step:
    return Step.objects.create(
        organisation=measure.organisation, measure=measure, unit=unit, text=text, order=order, **fields
    )


def make_update(step: Step, author, text: str = "ดำเนินการแล้ว", progress: int = 50, **fields) -> StepUpdate:
    defaults = {"date": date(2022, 3, 1), "status": "in_progress"}
    return StepUpdate.objects.create(
        organisation=step.organisation, step=step, author=author, text=text, progress=progress,
        **{**defaults, **fields},
    )  # fmt: skip


def make_evidence(
    update: StepUpdate, name: str = "หลักฐาน.pdf", is_public: bool = False, **fields
) -> Evidence:
    return Evidence.objects.create(
        organisation=update.organisation, update=update, name=name, is_public=is_public,
        url=fields.pop("url", "https://example.org/evidence"), **fields,
    )  # fmt: skip


def make_member(org, unit: Unit, username: str | None = None, roles=("unit_head",), reports_to=None):
    """A login whose position sits in `unit` and reports to `reports_to` (a Position)."""
    from prongsai.core.tests.factories import make_staff

    user = make_staff(org, username=username, roles=roles)
    position = user.person.position
    position.unit, position.reports_to = unit, reports_to
    position.save()
    return user


__all__ = ["make_position"]
