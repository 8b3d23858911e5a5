"""Is every weak point of the ITA analysis addressed by a measure of the plan?

Assumptions: the plan of fiscal year Y answers ITA year Y-1 (its `source_result`, else the
organisation's result of Y-1). A weak indicator (`indicator:4`) or failed OIT sub-indicator
(`sub:9.3`) counts as covered when a measure's targets name it (or, for a failed OIT item, the
item or its sub-indicator), as `prongsai.ita.recommendations.uncovered` decides. Numbering must
run 1..n without gaps or repeats, and every step needs a responsible unit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from prongsai.ita import recommendations
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import Result
from prongsai.ita.results import analyse, framework_for
from prongsai.plans.drafting import source_result
from prongsai.plans.models import Measure, Plan, Step


@dataclass(frozen=True)
class Coverage:
    has_result: bool
    uncovered: list[tuple[str, str]] = field(default_factory=list)  # (target, Thai label)
    gaps: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)
    steps_without_unit: list[int] = field(default_factory=list)  # measure numbers
    measures_without_steps: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.has_result and not (
            self.uncovered
            or self.gaps
            or self.repeated
            or self.steps_without_unit
            or self.measures_without_steps
        )


def numbering_gaps(numbers: list[int]) -> tuple[list[int], list[int]]:
    """Missing numbers in 1..max, and numbers used more than once."""
    counts = Counter(numbers)
    top = max(numbers, default=0)
    return [n for n in range(1, top + 1) if n not in counts], sorted(n for n, c in counts.items() if c > 1)


def check(plan: Plan) -> Coverage:
    measures = list(
        Measure.objects.for_org(plan.organisation).filter(plan=plan).values("pk", "number", "addresses")
    )
    gaps, repeated = numbering_gaps([m["number"] for m in measures])
    number_of = {m["pk"]: m["number"] for m in measures}
    steps = list(
        Step.objects.for_org(plan.organisation).filter(measure__plan=plan).values("measure_id", "unit_id")
    )
    without_unit = sorted({number_of[s["measure_id"]] for s in steps if s["unit_id"] is None})
    with_steps = {s["measure_id"] for s in steps}
    without_steps = sorted(number_of[pk] for pk in number_of if pk not in with_steps)
    result = plan.source_result or source_result(plan.organisation, plan.fiscal_year)
    found = check_targets(result, [m["addresses"] or () for m in measures]) if result else None
    return Coverage(
        result is not None, found.uncovered if found else [], gaps, repeated, without_unit, without_steps
    )


def check_targets(result: Result, measures: list) -> Coverage:
    """Uncovered weak points of `result`'s analysis, given each measure's targets."""
    analysis = analyse(result)
    missing = recommendations.uncovered(
        analysis.framework, analysis.weak_points, result.oit_items or None, [frozenset(m) for m in measures]
    )
    labelled = [(t, recommendations.target_label(analysis.framework, t)) for t in missing]
    numbers = list(range(1, len(measures) + 1))
    return Coverage(True, labelled, *numbering_gaps(numbers))


def target_choices(plan: Plan) -> list[tuple[str, str]]:
    """Every indicator, OIT sub-indicator and item of ITA year Y-1, as (target, label) for a form."""
    try:
        framework = framework_for(plan.fiscal_year - 1)
    except FrameworkError:
        return []
    targets = [f"indicator:{c}" for c in framework.indicator_codes]
    targets += [f"sub:{s.code}" for s in framework.oit_subindicators]
    targets += [f"item:{i.code}" for i in framework.oit_items]
    return [(t, recommendations.target_label(framework, t)) for t in targets]
