"""Draft a fiscal year's measures plan from the previous year's ITA analysis.

Assumptions:
- The plan for fiscal year Y answers the ITA of year Y-1 (the seed: ITA 2564 -> plan FY 2565).
- Measures come from the recommendations library through `prongsai.ita.results.analyse`. By default
  every weak point gets its measures (`lowest_only=False`): the coverage check then passes from the
  start and the analyst removes what the organisation will not do, which is easier than finding what
  is missing. `lowest_only=True` keeps to the seed memo's focus (the lowest indicator of each tool)
  and gives exactly the seed's seven measures.
- The library names units loosely ("สำนักปลัด", "กองคลัง"); they are matched to the organisation's
  units by exact name, then by prefix ("สำนักปลัด" -> "สำนักปลัดเทศบาล"), then by containment,
  preferring top-level units. No match leaves the steps without a unit, with a warning.
- The library's text was written by a municipality; it takes the organisation type's words
  (`core.wording`: ปลัดเทศบาล -> ปลัด อบต. for an SAO).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.core.models import Organisation, Unit
from prongsai.core.wording import localise
from prongsai.ita import recommendations
from prongsai.ita.models import Result
from prongsai.ita.results import analyse, library
from prongsai.plans.models import Measure, Plan, Step, plan_title


class DraftError(Exception):
    """Nothing can be drafted; the message says why."""


@dataclass(frozen=True)
class DraftMeasure:
    number: int
    code: str
    title: str
    steps: tuple[str, ...]
    unit_th: str
    unit: Unit | None
    start: date
    end: date
    period_th: str
    follow_up: str
    addresses: tuple[str, ...]
    target: str = ""


@dataclass
class Draft:
    organisation: Organisation
    fiscal_year: int
    result: Result
    measures: list[DraftMeasure]
    warnings: list[str] = field(default_factory=list)


def match_unit(name: str, units: list[Unit]) -> Unit | None:
    """The organisation's unit the library's loose unit name means, or None."""
    name = " ".join(name.split())
    if not name:
        return None

    def best(found: list[Unit]) -> Unit | None:
        return min(found, key=lambda u: (u.parent_id is not None, len(u.name_th)), default=None)

    for test in (
        lambda u: u.name_th == name,
        lambda u: u.name_th.startswith(name),
        lambda u: name in u.name_th or u.name_th in name,
    ):
        found = best([u for u in units if test(u)])
        if found is not None:
            return found
    return None


def source_result(organisation: Organisation, fiscal_year: int) -> Result | None:
    return Result.objects.for_org(organisation).filter(year=fiscal_year - 1).first()


def propose(organisation: Organisation, fiscal_year: int, *, lowest_only: bool = False) -> Draft:
    result = source_result(organisation, fiscal_year)
    if result is None:
        raise DraftError(
            _("There is no ITA %(year)s result to draft the fiscal year %(fy)s plan from; enter it first.")
            % {"year": fiscal_year - 1, "fy": fiscal_year}
        )
    analysis = analyse(result)
    proposed = analysis.measures
    if lowest_only:
        proposed = recommendations.propose(
            library(), analysis.framework, analysis.weak_points, result.oit_items or None, lowest_only=True
        )
    units = list(Unit.objects.for_org(organisation))
    draft = Draft(organisation, fiscal_year, result, [])
    kind = organisation.kind
    for m in proposed:
        period = m.period.in_fiscal_year(fiscal_year)
        unit = match_unit(m.unit_th, units)
        if unit is None:
            draft.warnings.append(
                _("Measure %(n)s: no unit matches “%(unit)s”; choose the responsible unit of each step.")
                % {"n": m.number, "unit": m.unit_th}
            )
        draft.measures.append(
            DraftMeasure(
                number=m.number,
                code=m.code,
                title=localise(m.title_th, kind),
                steps=tuple(localise(step, kind) for step in m.steps_th),
                unit_th=localise(m.unit_th, kind),
                unit=unit,
                start=period.first_day,
                end=period.last_day,
                period_th=m.period_th(fiscal_year),
                follow_up=localise(m.follow_up_th, kind),
                addresses=tuple(a.target for a in m.addresses),
                target=m.target_th,
            )
        )
    return draft


def save(draft: Draft) -> Plan:
    """Store a draft as the organisation's plan for the year, all or nothing."""
    with transaction.atomic():
        if Plan.objects.for_org(draft.organisation).filter(fiscal_year=draft.fiscal_year).exists():
            raise DraftError(
                _("A plan for fiscal year %(fy)s already exists; edit it instead.")
                % {"fy": draft.fiscal_year}
            )
        plan = Plan.objects.create(
            organisation=draft.organisation,
            fiscal_year=draft.fiscal_year,
            title=plan_title(draft.fiscal_year),
            source_result=draft.result,
        )
        for d in draft.measures:
            measure = Measure.objects.create(
                organisation=draft.organisation,
                plan=plan,
                number=d.number,
                code=d.code,
                title=d.title,
                start=d.start,
                end=d.end,
                follow_up=d.follow_up,
                addresses=list(d.addresses),
                target=d.target,
            )
            if d.unit is not None:
                measure.units.add(d.unit)
            for n, text in enumerate(d.steps, start=1):  # one by one, so each row is audited
                Step.objects.create(
                    organisation=draft.organisation, measure=measure, order=n, text=text, unit=d.unit
                )
    return plan


def draft_plan(
    organisation: Organisation, fiscal_year: int, *, lowest_only: bool = False
) -> tuple[Plan, Draft]:
    draft = propose(organisation, fiscal_year, lowest_only=lowest_only)
    return save(draft), draft
