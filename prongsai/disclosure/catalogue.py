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
- A year without its own framework uses the latest earlier one carried forward; its items are
  created unverified ("ยังไม่ยืนยัน"). When the year's framework is saved, `resync_year` moves every
  organisation's items onto the new list (same code and title, then same title, then same code),
  publications staying attached; an item that matches nothing is kept, flagged `needs_review`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from prongsai.disclosure.models import Item, Publication
from prongsai.ita import scoring
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import Result
from prongsai.ita.results import framework_for


def ensure_catalogue(organisation, year: int) -> int:
    """Create the year's items that are missing; the number created. FrameworkError for unknown years.

    A carried-forward year gets the earlier year's items, unverified (not yet confirmed)."""
    framework = framework_for(year)
    if not framework.oit_items:
        raise FrameworkError(
            "oit_items",
            f"กรอบการประเมิน ITA ปี {year} ยังไม่มีรายการข้อ OIT",
            f"the ITA framework of {year} lists no OIT items",
        )
    return _create_missing(organisation, year, framework.oit_items)


def _create_missing(organisation, year: int, oit_items) -> int:
    existing = set(Item.objects.for_org(organisation).filter(year=year).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for order, oit in enumerate(oit_items, start=1):
            if oit.code in existing:
                continue
            Item.objects.create(organisation=organisation, year=year, **_framework_fields(oit, order))
            created += 1
    return created


_SPACES = re.compile(r"\s+")
REVIEW_CODE_BASE = 900  # an unmatched item whose code the new list reuses moves to o901, o902…


def normalised_title(title: str) -> str:
    """Titles compared as the eye reads them: NFC, no repeated spaces, case folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", title or "")).strip().casefold()


def _framework_fields(oit, order: int) -> dict:
    return {
        "code": oit.code,
        "order": order,
        "title_th": oit.title_th,
        "heading_th": oit.heading_th,
        "indicator": oit.indicator,
        "sub_indicator": oit.sub_indicator or "",
        "requirement_th": oit.requirement_th,
        "unverified": oit.unverified or oit.requirement_unverified,
        "needs_review": False,
    }


def _match(items: list[Item], oit_items) -> dict[str, Item]:
    """New item code → existing item: same code and title, then same title, then same code."""
    matched: dict[str, Item] = {}
    free = list(items)
    passes = (
        lambda i, o: i.code == o.code and normalised_title(i.title_th) == normalised_title(o.title_th),
        lambda i, o: normalised_title(i.title_th) == normalised_title(o.title_th),
        lambda i, o: i.code == o.code,
    )
    for same in passes:
        for oit in oit_items:
            if oit.code in matched:
                continue
            item = next((i for i in free if same(i, oit)), None)
            if item is not None:
                matched[oit.code] = item
                free.remove(item)
    return matched


def resync_year(year: int) -> list[Item]:
    """Move every organisation's items of the year onto the year's framework; the review list."""
    framework = framework_for(year)
    review: list[Item] = []
    org_ids = Item.objects.filter(year=year).values_list("organisation_id", flat=True).distinct()
    with transaction.atomic():
        for org_id in sorted(set(org_ids)):
            review += _resync_organisation(org_id, year, framework.oit_items)
    return review


def _resync_organisation(org_id: int, year: int, oit_items) -> list[Item]:
    items = list(Item.objects.filter(organisation_id=org_id, year=year).order_by("order", "pk"))
    matched = _match(items, oit_items)
    kept = [i for i in items if i not in matched.values()]
    new_codes = {o.code for o in oit_items}
    # Codes move between items (o3 ↔ o5): park the moving ones first so the unique code never clashes.
    moving = [i for code, i in matched.items() if i.code != code]
    moving += [i for i in kept if i.code in new_codes]
    for item in moving:
        item.code = f"~{item.pk}"[:10]
        item.save(update_fields=["code"])
    for order, oit in enumerate(oit_items, start=1):
        item = matched.get(oit.code)
        if item is None:
            continue
        fields = _framework_fields(oit, order)
        changed = [name for name, value in fields.items() if getattr(item, name) != value]
        if changed:
            for name in changed:
                setattr(item, name, fields[name])
            item.save(update_fields=changed)
    used = new_codes | {i.code for i in kept}
    spare = (f"o{REVIEW_CODE_BASE + n}" for n in range(1, 100))
    for order, item in enumerate(kept, start=len(oit_items) + 1):
        if item.code.startswith("~"):
            item.code = next(c for c in spare if c not in used)
            used.add(item.code)
        item.order, item.needs_review = order, True
        item.save(update_fields=["code", "order", "needs_review"])
    organisation = kept[0].organisation if kept else (items[0].organisation if items else None)
    if organisation is not None:
        _create_missing(organisation, year, oit_items)
    return kept


def review_list(organisation, year: int) -> list[Item]:
    """Items of the year that matched nothing in the new framework, each with its publication count."""
    return list(
        Item.objects.for_org(organisation)
        .filter(year=year, needs_review=True)
        .annotate(publication_count=Count("publications"))
        .order_by("order", "pk")
    )


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
    # The latest result before the year: a later year's result says nothing about this catalogue.
    report.based_on = Result.objects.for_org(organisation).filter(year__lt=year).order_by("-year").first()
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
