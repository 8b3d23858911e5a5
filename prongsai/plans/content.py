"""What the documents app needs to print a plan (contract with the documents developer).

`plan_for` finds an organisation's plan of a fiscal year; `measure_rows` gives its measures
ordered by number, with the Thai text exactly as stored (digits as typed; the document decides).
"""

from __future__ import annotations

from dataclasses import dataclass

from prongsai.core.models import Organisation
from prongsai.plans.models import Measure, Plan


@dataclass(frozen=True)
class MeasureRow:
    number: int
    title: str
    steps: list[str]
    units: list[str]
    period_th: str
    follow_up: str
    addresses: list[str]


def plan_for(organisation: Organisation, fiscal_year: int) -> Plan | None:
    return Plan.objects.for_org(organisation).filter(fiscal_year=fiscal_year).first()


def measure_rows(plan: Plan) -> list[MeasureRow]:
    measures = (
        Measure.objects.for_org(plan.organisation)
        .filter(plan=plan)
        .order_by("number", "pk")
        .prefetch_related("steps", "units")
    )
    return [
        MeasureRow(
            number=m.number,
            title=m.title,
            steps=[s.text for s in m.steps.all()],
            units=[u.name_th for u in m.units.all()],
            period_th=m.period_th,
            follow_up=m.follow_up,
            addresses=list(m.addresses or []),
        )
        for m in measures
    ]
