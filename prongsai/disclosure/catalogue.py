"""The OIT item catalogue of a fiscal year and how ready it is.

Assumptions:
- The catalogue of fiscal year Y is built from the ITA framework of year Y (the ITA of year Y
  assesses what was published during fiscal year Y); items and their numbering change every year.
- An item is ready when it has at least one publication whose `publish_at` has passed (a
  revision replaces an older publication, so there is always a current one once any is out).
- Readiness follows the OIT item rule (REPORT §1.2): item 100/0, sub-indicator = mean of its
  items, indicator = mean of its sub-indicators. For years whose framework does not state the rule
  (2566+), the same rule is applied and the result is marked `assumed_rule`.
- The predicted total replaces indicators 9 and 10 of the organisation's latest ITA result
  (IIT/EIT unchanged) and uses the weights of year Y.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from prongsai.disclosure.models import Item, Publication
from prongsai.ita import scoring
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import Result
from prongsai.ita.results import framework_for


def ensure_catalogue(organisation, year: int) -> int:
    """Create the year's items that are missing; the number created. FrameworkError for unknown years."""
    framework = framework_for(year)
    if not framework.oit_items:
        raise FrameworkError(
            "oit_items",
            f"กรอบการประเมิน ITA ปี {year} ยังไม่มีรายการข้อ OIT",
            f"the ITA framework of {year} lists no OIT items",
        )
    existing = set(Item.objects.for_org(organisation).filter(year=year).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for order, oit in enumerate(framework.oit_items, start=1):
            if oit.code in existing:
                continue
            Item.objects.create(
                organisation=organisation,
                year=year,
                code=oit.code,
                order=order,
                title_th=oit.title_th,
                heading_th=oit.heading_th,
                indicator=oit.indicator,
                sub_indicator=oit.sub_indicator or "",
                requirement_th=oit.requirement_th,
                unverified=oit.unverified or oit.requirement_unverified,
            )
            created += 1
    return created


def ready_item_ids(organisation, year: int, now=None) -> set[int]:
    return set(
        Publication.objects.for_org(organisation)
        .published(now)
        .filter(item__year=year)
        .order_by()
        .values_list("item_id", flat=True)
        .distinct()
    )


@dataclass
class Readiness:
    year: int
    items: list[Item]
    ready: set[int]
    scores: dict = field(default_factory=dict)  # "9.1" → Decimal, 9 → Decimal
    assumed_rule: bool = False
    predicted_total: Decimal | None = None
    based_on: Result | None = None

    @property
    def ready_count(self) -> int:
        return sum(1 for i in self.items if i.pk in self.ready)

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.items if i.pk not in self.ready]

    @property
    def sub_indicators(self) -> list[tuple[str, Decimal]]:
        return [(k, v) for k, v in self.scores.items() if isinstance(k, str)]

    @property
    def indicators(self) -> list[tuple[int, Decimal]]:
        return [(k, v) for k, v in self.scores.items() if isinstance(k, int)]

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "items": [{"code": i.code, "title": i.title_th, "ready": i.pk in self.ready} for i in self.items],
            "ready": self.ready_count,
            "missing": len(self.items) - self.ready_count,
            "scores": {str(k): float(v) for k, v in self.scores.items()},
            "assumed_rule": self.assumed_rule,
            "predicted_total": float(self.predicted_total) if self.predicted_total is not None else None,
            "based_on_ita_year": self.based_on.year if self.based_on else None,
        }


def readiness(organisation, year: int, items: list[Item] | None = None, now=None) -> Readiness:
    items = list(Item.objects.for_org(organisation).filter(year=year)) if items is None else items
    report = Readiness(year, items, ready_item_ids(organisation, year, now))
    if not items:
        return report
    answers = {i.code: i.pk in report.ready for i in items}
    try:
        framework = framework_for(year)
        report.scores = scoring.oit_from_items(framework, answers)
    except (ValueError, FrameworkError):
        framework = None
        report.scores = item_mean(items, report.ready)
        report.assumed_rule = True
    report.based_on = Result.objects.for_org(organisation).order_by("-year").first()
    if framework is not None and report.based_on is not None:
        scores = {**report.based_on.scores, **{k: v for k, v in report.scores.items() if isinstance(k, int)}}
        try:
            report.predicted_total = scoring.compute_total(framework, scores)
        except ValueError:
            report.predicted_total = None
    return report


def item_mean(items: list[Item], ready: set[int]) -> dict:
    """The item rule over the catalogue itself, for years whose framework does not state it."""
    subs: dict[str, list[bool]] = {}
    parent: dict[str, int] = {}
    for item in items:
        key = item.sub_indicator or str(item.indicator or 0)
        subs.setdefault(key, []).append(item.pk in ready)
        parent[key] = item.indicator or 0
    result: dict = {}
    means: dict[int, list[Fraction]] = {}
    for key, answers in subs.items():
        share = Fraction(sum(answers), len(answers))
        result[key] = scoring.round2(share * 100)
        means.setdefault(parent[key], []).append(share)
    for indicator, shares in means.items():
        result[indicator] = scoring.round2(sum(shares, Fraction(0)) * 100 / len(shares))
    return result


def current_and_history(publications: list[Publication], now=None) -> tuple[list, list, list]:
    """Split one item's publications into current, replaced (history) and scheduled."""
    now = now or timezone.now()
    published = [p for p in publications if p.publish_at <= now]
    replaced_ids = {p.supersedes_id for p in published if p.supersedes_id}
    current = [p for p in published if p.pk not in replaced_ids]
    history = [p for p in published if p.pk in replaced_ids]
    scheduled = [p for p in publications if p.publish_at > now]
    return current, history, scheduled
