"""The 6-month (รอบ ๖ เดือน, 1 Oct-31 Mar) and 12-month progress reports of a plan.

Only accepted updates count: what a supervisor has not accepted is not reported. A step's status
and progress are those of its latest accepted update dated within the report's period.
Until the documents app renders them officially, the report is an HTML page that prints well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from prongsai.plans.models import Evidence, Measure, Plan, ReviewState, Step, StepStatus, StepUpdate
from prongsai.thai.fiscal import fiscal_year_bounds, half_bounds


@dataclass
class StepRow:
    text: str
    unit: str
    status: str
    status_label: str
    progress: int
    updates: list[StepUpdate] = field(default_factory=list)


@dataclass
class MeasureReport:
    number: int
    title: str
    units: list[str]
    period_th: str
    steps: list[StepRow]

    @property
    def progress(self) -> int:
        return round(sum(s.progress for s in self.steps) / len(self.steps)) if self.steps else 0


@dataclass
class Report:
    plan: Plan
    months: int
    start: date
    end: date
    measures: list[MeasureReport]

    @property
    def progress(self) -> int:
        return round(sum(m.progress for m in self.measures) / len(self.measures)) if self.measures else 0


def progress_report(plan: Plan, months: int) -> Report:
    start, end = fiscal_year_bounds(plan.fiscal_year)
    if months == 6:
        end = half_bounds(plan.fiscal_year, 1)[1]
    accepted = (
        StepUpdate.objects.filter(state=ReviewState.ACCEPTED, date__lte=end)
        .order_by("date", "pk")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    steps = (
        Step.objects.select_related("unit")
        .order_by("order", "pk")
        .prefetch_related(Prefetch("updates", queryset=accepted, to_attr="accepted"))
    )
    measures = (
        Measure.objects.for_org(plan.organisation).filter(plan=plan).order_by("number", "pk")
        .prefetch_related("units", Prefetch("steps", queryset=steps))
    )  # fmt: skip
    rows = []
    for m in measures:
        step_rows = []
        for s in m.steps.all():
            latest = s.accepted[-1] if s.accepted else None
            status = latest.status if latest else StepStatus.NOT_STARTED
            step_rows.append(
                StepRow(
                    s.text, s.unit.name_th if s.unit else "", status, StepStatus(status).label,
                    latest.progress if latest else 0, list(s.accepted),
                )
            )  # fmt: skip
        rows.append(
            MeasureReport(m.number, m.title, [u.name_th for u in m.units.all()], m.period_th, step_rows)
        )
    return Report(plan, months, start, end, rows)
