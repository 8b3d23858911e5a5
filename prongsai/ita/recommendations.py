"""Recommendations library (คลังมาตรการ): which measures address which ITA weak points.

The library is data, `data/recommendations.yaml` or an administrator's edited copy of it; this module
checks it and matches it against a year's weak points (`analysis.weak_points`). The results feed OIT
item o42: the analysis paragraph per tool (ประเด็นที่ต้องแก้ไข/ปรับปรุง) and the measures table
(มาตรการ/แนวทาง, วิธีการดำเนินการ, ผู้รับผิดชอบ, ระยะเวลาดำเนินการ, การติดตามผล) of the seed memo.

Assumptions:
- A target is `indicator:N`, `sub:9.2` (OIT sub-indicator) or `item:o13` (OIT item). Item codes are
  numbered as in the library's `item_year` (2564 as shipped). For another year an item is found by
  its title in that year's framework; an item whose title is gone is dropped from the measure, and the
  measures naming its sub-indicator still apply.
- The most specific measures win: a failed OIT item takes the measures naming it, else those naming
  its sub-indicator, else those naming its indicator. An IIT/EIT indicator takes those naming it.
- A weak point scoring 100 has nothing left to fix and gets no measure (`weak_points` also lists the
  lowest indicator of each tool when it passes; below 100 it still gets one, for the o42 plan).
- Order follows the seed memo: the lowest indicator of each tool first (IIT, EIT, then the failed OIT
  items in item order), then the other indicators below the pass mark. A measure is numbered where it
  first appears and lists every weak point it covers.
- `uncovered` is stricter than `propose`: a failed OIT item is covered only by a measure naming the
  item or its sub-indicator, not by a general indicator-9/10 measure.
"""

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from prongsai.thai.dates import MONTHS_ABBR, parse_month
from prongsai.thai.digits import to_arabic_digits, to_thai_digits
from prongsai.thai.errors import FieldError
from prongsai.thai.fiscal import FIRST_MONTH
from prongsai.thai.periods import MonthPeriod, format_period

from .analysis import WeakPoint
from .framework import Framework, FrameworkError, OitItem, SubIndicator, load_framework
from .scoring import round2

LIBRARY_PATH = Path(__file__).parent / "data" / "recommendations.yaml"
HUNDRED = Decimal(100)
PLACEHOLDERS = frozenset({"tool", "tool_name_th", "indicator", "indicator_th", "score", "items"})
# Used when the library has no paragraph for an indicator (an administrator removed it).
DEFAULT_ANALYSIS = (
    "จากผลคะแนนการประเมิน {tool} หน่วยงานควรพัฒนาตัวชี้วัดด้าน{indicator_th} โดยเฉพาะในประเด็นเกี่ยวกับ {items}"
)

_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TARGET = re.compile(r"(indicator):(\d+)|(sub):(\d+\.\d+)|(item):(o\d+)")
_DASH = re.compile(r"\s*(?:-|–|—|ถึง)\s*")
_TOP_KEYS = {"item_year", "defaults", "indicators", "measures", "note"}
_DEFAULT_KEYS = {"period", "follow_up_th", "unit_th"}
_INDICATOR_KEYS = {"indicator", "indicator_th", "analysis_th", "unverified", "note"}
_MEASURE_KEYS = {
    "code", "title_th", "title_en", "addresses", "steps_th", "unit_th", "period", "follow_up_th",
    "item_year", "indicator_th", "target_th", "unverified", "note",
}  # fmt: skip


class LibraryError(FieldError):
    """A recommendations library the code cannot use, naming the bad field in Thai and English."""


@dataclass(frozen=True)
class Period:
    """Typical period (ระยะเวลาดำเนินการ) as calendar months inside any fiscal year (Oct–Sep)."""

    start_month: int  # 1–12, January = 1
    end_month: int

    @property
    def fiscal_offsets(self) -> tuple[int, int]:
        """Months counted from the fiscal year's start: October = 1 … September = 12."""
        return _fiscal_offset(self.start_month), _fiscal_offset(self.end_month)

    @property
    def text_th(self) -> str:
        """`ก.พ.-เม.ย.` (no year), as written in the library."""
        start, end = MONTHS_ABBR[self.start_month - 1], MONTHS_ABBR[self.end_month - 1]
        return start if start == end else f"{start}-{end}"

    def in_fiscal_year(self, fiscal_year: int) -> MonthPeriod:
        """The actual months in BE fiscal year `fiscal_year`: Oct–Dec fall in the year before."""
        return MonthPeriod(
            _year_month(fiscal_year, self.start_month), _year_month(fiscal_year, self.end_month)
        )

    def text_for(self, fiscal_year: int) -> str:
        """`ก.พ.๖๕-เม.ย.๖๕`, as in the seed memo's plan for fiscal year 2565."""
        return format_period(self.in_fiscal_year(fiscal_year))


def _fiscal_offset(month: int) -> int:
    return (month - FIRST_MONTH) % 12 + 1


def _year_month(fiscal_year: int, month: int) -> tuple[int, int]:
    ad = fiscal_year - 543
    return (ad - 1 if month >= FIRST_MONTH else ad), month


@dataclass(frozen=True)
class Measure:
    code: str
    title_th: str
    title_en: str
    addresses: tuple[str, ...]  # targets, items numbered as in `item_year`
    steps_th: tuple[str, ...]
    unit_th: str
    period: Period
    follow_up_th: str
    item_year: int
    indicator_th: str = ""
    target_th: str = ""
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class AnalysisTemplate:
    indicator: int
    analysis_th: str
    indicator_th: str = ""
    unverified: bool = False


@dataclass(frozen=True)
class Library:
    item_year: int
    measures: tuple[Measure, ...]
    analyses: tuple[AnalysisTemplate, ...]

    def measure(self, code: str) -> Measure:
        return next(m for m in self.measures if m.code == code)

    def analysis(self, indicator: int) -> AnalysisTemplate | None:
        return next((a for a in self.analyses if a.indicator == indicator), None)


@dataclass(frozen=True)
class Addressed:
    """One weak point a proposed measure covers: an indicator, a sub-indicator or an OIT item."""

    kind: str  # "indicator", "sub" or "item"
    code: str  # "4", "9.3", "o21" (the framework year's numbering)
    title_th: str

    @property
    def target(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class ProposedMeasure:
    number: int  # 1..n, the row number in the measures table
    code: str
    title_th: str
    title_en: str
    steps_th: tuple[str, ...]
    unit_th: str
    period: Period
    follow_up_th: str
    addresses: tuple[Addressed, ...]  # the weak points it was proposed for, in order
    targets: frozenset[str]  # everything it addresses in this framework year (for `uncovered`)
    target_th: str = ""
    unverified: bool = False

    def period_th(self, fiscal_year: int | None = None) -> str:
        return self.period.text_th if fiscal_year is None else self.period.text_for(fiscal_year)


# --- loading and checking ------------------------------------------------------------------


def load_library(text: str | None = None) -> Library:
    """The shipped library, or an administrator's edited copy given as YAML text."""
    origin = "recommendations" if text is None else "text"
    raw = LIBRARY_PATH.read_text(encoding="utf-8") if text is None else text
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise LibraryError(origin, "อ่านรูปแบบ YAML ไม่ได้", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LibraryError(origin, "ไฟล์ต้องเป็นแผนที่ key: value", "the file must be a YAML mapping")
    _known_keys(data, _TOP_KEYS, "")
    item_year = _item_year(data.get("item_year"), "item_year")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise LibraryError("defaults", "ต้องเป็นแผนที่ key: value", "must be a mapping")
    _known_keys(defaults, _DEFAULT_KEYS, "defaults.")
    measures = tuple(
        _measure(entry, path, defaults, item_year) for path, entry in _entries(data, "measures", "measures")
    )
    _unique([m.code for m in measures], "measures")
    analyses = tuple(_analysis(entry, path) for path, entry in _entries(data, "indicators", "indicators"))
    _unique([a.indicator for a in analyses], "indicators")
    return Library(item_year=item_year, measures=measures, analyses=analyses)


def _measure(entry: dict, path: str, defaults: Mapping, top_year: int) -> Measure:
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise LibraryError(f"{path}.code", "รหัสต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และ -", "code must be like a-b-c")
    path = f"measures.{code}"
    _known_keys(entry, _MEASURE_KEYS, f"{path}.")
    item_year = _item_year(entry.get("item_year", top_year), f"{path}.item_year")
    addresses = [
        _target(t, f"{path}.addresses", item_year) for t in _list(entry.get("addresses"), path, "addresses")
    ]
    if not addresses:
        raise LibraryError(f"{path}.addresses", "ต้องระบุอย่างน้อยหนึ่งเป้าหมาย", "name at least one target")
    steps = [_text(s, f"{path}.steps_th") for s in _list(entry.get("steps_th"), path, "steps_th")]
    if not steps:
        raise LibraryError(f"{path}.steps_th", "ต้องมีวิธีการดำเนินการอย่างน้อยหนึ่งข้อ", "list at least one step")
    return Measure(
        code=code,
        title_th=_text(entry.get("title_th"), f"{path}.title_th"),
        title_en=_text(entry.get("title_en"), f"{path}.title_en"),
        addresses=tuple(addresses),
        steps_th=tuple(steps),
        unit_th=_text(entry.get("unit_th", defaults.get("unit_th")), f"{path}.unit_th"),
        period=parse_period(entry.get("period", defaults.get("period")), f"{path}.period"),
        follow_up_th=_text(entry.get("follow_up_th", defaults.get("follow_up_th")), f"{path}.follow_up_th"),
        item_year=item_year,
        indicator_th=_optional_text(entry.get("indicator_th"), f"{path}.indicator_th"),
        target_th=_optional_text(entry.get("target_th"), f"{path}.target_th"),
        unverified=_flag(entry.get("unverified"), f"{path}.unverified"),
        note=_optional_text(entry.get("note"), f"{path}.note"),
    )


def _analysis(entry: dict, path: str) -> AnalysisTemplate:
    _known_keys(entry, _INDICATOR_KEYS, f"{path}.")
    indicator = entry.get("indicator")
    if isinstance(indicator, bool) or not isinstance(indicator, int) or indicator < 1:
        raise LibraryError(f"{path}.indicator", "ต้องเป็นเลขตัวชี้วัด", "must be an indicator number")
    path = f"indicators.{indicator}"
    template = _text(entry.get("analysis_th"), f"{path}.analysis_th")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise LibraryError(f"{path}.analysis_th", "วงเล็บ { } ไม่ครบคู่", f"unbalanced braces: {exc}") from exc
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        listed = ", ".join("{" + n + "}" for n in unknown)
        raise LibraryError(f"{path}.analysis_th", f"ไม่รู้จักช่องแทนที่ {listed}", f"unknown placeholders {listed}")
    return AnalysisTemplate(
        indicator=indicator,
        analysis_th=template,
        indicator_th=_optional_text(entry.get("indicator_th"), f"{path}.indicator_th"),
        unverified=_flag(entry.get("unverified"), f"{path}.unverified"),
    )


def parse_period(value: Any, path: str = "period") -> Period:
    """`ก.พ.-เม.ย.` or one month `มี.ค.`; the start may not come after the end in fiscal order."""
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(path, "ต้องระบุช่วงเดือน เช่น ก.พ.-เม.ย.", "give a month range such as ก.พ.-เม.ย.")
    parts = _DASH.split(value.strip())
    try:
        months = [parse_month(p) for p in parts]
    except ValueError as exc:
        raise LibraryError(path, f"ไม่รู้จักชื่อเดือนใน {value!r}", f"unknown month in {value!r}") from exc
    if len(months) not in (1, 2):
        raise LibraryError(path, "ต้องเป็นเดือนเดียวหรือช่วงสองเดือน", "give one month or a from-to range")
    period = Period(months[0], months[-1])
    start, end = period.fiscal_offsets
    if start > end:
        raise LibraryError(
            path,
            "เดือนเริ่มต้นอยู่หลังเดือนสิ้นสุดในปีงบประมาณ (ต.ค.-ก.ย.)",
            "the period starts after it ends within the fiscal year (Oct–Sep)",
        )
    return period


def _item_year(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LibraryError(path, "ต้องเป็นปี พ.ศ. ของกรอบการประเมิน", "must be the BE year of a framework")
    try:
        load_framework(value)
    except FrameworkError as exc:
        raise LibraryError(path, f"ไม่มีกรอบการประเมินของปี {value}", f"no framework for {value}") from exc
    return value


def _target(value: Any, path: str, item_year: int) -> str:
    match = _TARGET.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise LibraryError(
            path, f"เป้าหมาย {value!r} ต้องเป็น indicator:N, sub:9.2 หรือ item:o13", f"bad target {value!r}"
        )
    target = match.group(0)
    kind, code = target.split(":")
    framework = load_framework(item_year)
    if kind == "indicator" and int(code) not in framework.indicator_codes:
        raise LibraryError(path, f"ไม่มีตัวชี้วัดที่ {code}", f"no indicator {code}")
    if kind == "sub" and code not in {s.code for s in framework.oit_subindicators}:
        raise LibraryError(path, f"ไม่มีตัวชี้วัดย่อย {code} ในปี {item_year}", f"no sub-indicator {code}")
    if kind == "item" and code not in {i.code for i in framework.oit_items}:
        raise LibraryError(path, f"ไม่มีข้อ {code} ในปี {item_year}", f"no OIT item {code} in {item_year}")
    return target


def _entries(data: Mapping, key: str, path: str) -> list[tuple[str, dict]]:
    result = []
    for n, entry in enumerate(_list(data.get(key), "", key)):
        if not isinstance(entry, dict):
            raise LibraryError(f"{path}[{n}]", "แต่ละรายการต้องเป็น key: value", "each entry must be a mapping")
        result.append((f"{path}[{n}]", entry))
    return result


def _list(value: Any, path: str, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LibraryError(f"{path}.{key}".lstrip("."), "ต้องเป็นรายการ", "must be a list")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(path, "ต้องเป็นข้อความ", "must be non-empty text")
    return " ".join(value.split())


def _optional_text(value: Any, path: str) -> str:
    return "" if value is None else _text(value, path)


def _flag(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise LibraryError(path, "ต้องเป็น true หรือ false", "must be true or false")
    return value


def _known_keys(entry: Mapping, allowed: set[str], prefix: str) -> None:
    for key in entry:
        if key not in allowed:
            raise LibraryError(f"{prefix}{key}", "ไม่รู้จักช่องข้อมูลนี้", "unknown field (a typo?)")


def _unique(codes: Sequence, path: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise LibraryError(f"{path}.{code}", f"รหัส {code} ซ้ำ", f"{code} is listed twice")
        seen.add(code)


# --- targets in a framework year -----------------------------------------------------------


def measure_targets(measure: Measure, framework: Framework) -> frozenset[str]:
    """The measure's targets in `framework`'s numbering; items are matched by title across years."""
    own_items = {i.code for i in framework.oit_items}
    own_subs = {s.code for s in framework.oit_subindicators}
    translate = _item_translation(measure.item_year, framework)
    result = set()
    for target in measure.addresses:
        kind, code = target.split(":")
        if kind == "item":
            code = translate.get(code, "")
            if code in own_items:
                result.add(f"item:{code}")
        elif kind == "sub":
            if code in own_subs:
                result.add(target)
        else:
            result.add(target)
    return frozenset(result)


def library_targets(library: Library, framework: Framework) -> Mapping[str, frozenset[str]]:
    """Every measure's targets (by code) in `framework`'s numbering, computed once per pair.

    Matching items by title across years cost more than the rest of an analysis page (about 1,300
    title keys a page). Libraries and frameworks are immutable and their loaders hand back the same
    object until the text changes, so the pair's identity is the key; the entry holds both
    objects, so their ids cannot be reused by others while it lives.
    """
    key = (id(library), id(framework))
    hit = _TARGETS.get(key)
    if hit is not None and hit[0] is library and hit[1] is framework:
        return hit[2]
    targets = MappingProxyType({m.code: measure_targets(m, framework) for m in library.measures})
    if len(_TARGETS) >= _TARGETS_KEPT:
        _TARGETS.clear()
    _TARGETS[key] = (library, framework, targets)
    return targets


_TARGETS: dict[tuple[int, int], tuple[Library, Framework, Mapping[str, frozenset[str]]]] = {}
_TARGETS_KEPT = 32


def _item_translation(item_year: int, framework: Framework) -> dict[str, str]:
    if framework.year == item_year:
        return {i.code: i.code for i in framework.oit_items}
    here = {_title_key(i.title_th): i.code for i in framework.oit_items if i.title_th.strip()}
    there = load_framework(item_year).oit_items
    return {i.code: here[key] for i in there if (key := _title_key(i.title_th)) in here}


def _title_key(title: str) -> str:
    return " ".join(to_arabic_digits(title).split())


def target_label(framework: Framework, target: str) -> str:
    """Thai label of a target for messages: `ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ`."""
    kind, code = target.split(":")
    if kind == "indicator":
        return f"ตัวชี้วัดที่ {code} {framework.indicator(int(code)).name_th}"
    if kind == "sub":
        sub = next((s for s in framework.oit_subindicators if s.code == code), None)
        return f"ตัวชี้วัดย่อย {code} {sub.name_th if sub else ''}".strip()
    item = next((i for i in framework.oit_items if i.code == code), None)
    return f"ข้อ {code} {item.title_th if item else ''}".strip()


# --- what each weak point needs --------------------------------------------------------------


@dataclass(frozen=True)
class _Need:
    addressed: Addressed
    candidates: tuple[str, ...]  # targets to look for, most specific first (for `propose`)
    covering: frozenset[str]  # targets that count as covering it (for `uncovered`)
    report: str  # the name `uncovered` gives it


def _answers(item_results: Mapping[str, bool] | None) -> dict[str, bool] | None:
    if item_results is None:
        return None
    return {code.strip().lower(): bool(ok) for code, ok in item_results.items()}


def _needs(framework: Framework, point: WeakPoint, answers: Mapping[str, bool] | None) -> list[_Need]:
    if Decimal(str(point.score)) >= HUNDRED:
        return []
    subs = {s.code: s for s in framework.oit_subindicators if s.indicator == point.indicator}
    if not subs:
        return [_indicator_need(point)]
    if answers is not None:
        failed = [i for i in framework.oit_items if i.sub_indicator in subs and not answers.get(i.code)]
        return [_item_need(item, point.indicator) for item in failed]
    items = {i.code: i for i in framework.oit_items}
    from_items = [items[i.code] for i in point.issues if i.source == "oit_items" and i.code in items]
    if from_items:
        return [_item_need(item, point.indicator) for item in from_items]
    from_subs = [subs[i.code] for i in point.issues if i.source == "sub_indicators" and i.code in subs]
    if from_subs:
        return [_sub_need(framework, sub) for sub in from_subs]
    return [_indicator_need(point)]


def _indicator_need(point: WeakPoint) -> _Need:
    target = f"indicator:{point.indicator}"
    return _Need(
        Addressed("indicator", str(point.indicator), point.name_th), (target,), frozenset({target}), target
    )


def _item_need(item: OitItem, indicator: int) -> _Need:
    own, sub = f"item:{item.code}", f"sub:{item.sub_indicator}"
    return _Need(
        Addressed("item", item.code, item.title_th),
        (own, sub, f"indicator:{indicator}"),
        frozenset({own, sub}),
        sub,
    )


def _sub_need(framework: Framework, sub: SubIndicator) -> _Need:
    target = f"sub:{sub.code}"
    items = {f"item:{i.code}" for i in framework.oit_items if i.sub_indicator == sub.code}
    return _Need(
        Addressed("sub", sub.code, sub.name_th),
        (target, f"indicator:{sub.indicator}"),
        frozenset({target} | items),
        target,
    )


def _in_priority(weak_points: Iterable[WeakPoint], lowest_only: bool) -> list[WeakPoint]:
    """The lowest of each tool first (the seed memo's focus), then the rest, each in indicator order."""
    points = [p for p in weak_points if p.lowest_in_group or not lowest_only]
    return sorted(points, key=lambda p: (not p.lowest_in_group, p.indicator))


# --- proposing ------------------------------------------------------------------------------


def propose(
    library: Library,
    framework: Framework,
    weak_points: Iterable[WeakPoint],
    item_results: Mapping[str, bool] | None = None,
    *,
    lowest_only: bool = False,
) -> list[ProposedMeasure]:
    """Measures for the weak points, numbered and de-duplicated; `lowest_only` keeps to the seed's focus.

    `item_results` (item code -> accepted) narrows OIT weak points to the failed items; without it the
    failed items or sub-indicators listed in each weak point's issues are used.
    """
    answers = _answers(item_results)
    targets = library_targets(library, framework)
    chosen: dict[str, list[Addressed]] = {}  # insertion order is the numbering
    for point in _in_priority(weak_points, lowest_only):
        for need in _needs(framework, point, answers):
            for measure in _matching(library.measures, targets, need):
                covered = chosen.setdefault(measure.code, [])
                if need.addressed not in covered:
                    covered.append(need.addressed)
    return [
        _proposed(number, library.measure(code), covered, targets[code])
        for number, (code, covered) in enumerate(chosen.items(), start=1)
    ]


def _matching(
    measures: Sequence[Measure], targets: Mapping[str, frozenset[str]], need: _Need
) -> list[Measure]:
    for candidate in need.candidates:
        found = [m for m in measures if candidate in targets[m.code]]
        if found:
            return found
    return []


def _proposed(
    number: int, measure: Measure, covered: list[Addressed], targets: frozenset[str]
) -> ProposedMeasure:
    return ProposedMeasure(
        number=number,
        code=measure.code,
        title_th=measure.title_th,
        title_en=measure.title_en,
        steps_th=measure.steps_th,
        unit_th=measure.unit_th,
        period=measure.period,
        follow_up_th=measure.follow_up_th,
        addresses=tuple(covered),
        targets=targets,
        target_th=measure.target_th,
        unverified=measure.unverified,
    )


def uncovered(
    framework: Framework,
    weak_points: Iterable[WeakPoint],
    item_results: Mapping[str, bool] | None,
    measures: Iterable[ProposedMeasure | Measure | Iterable[str]],
) -> list[str]:
    """Weak indicators (`indicator:4`) and failed OIT sub-indicators (`sub:9.3`) no measure addresses.

    `measures` may be proposed measures, library measures, or plain collections of targets in the
    framework year's numbering (a plan's edited rows). Use `target_label` to show them.
    """
    answers = _answers(item_results)
    covered: set[str] = set()
    for m in measures:
        covered |= _covered_by(m, framework)
    missing: list[str] = []
    for point in sorted(weak_points, key=lambda p: p.indicator):
        for need in _needs(framework, point, answers):
            if not need.covering & covered and need.report not in missing:
                missing.append(need.report)
    return missing


def _covered_by(measure: ProposedMeasure | Measure | Iterable[str], framework: Framework) -> frozenset[str]:
    if isinstance(measure, ProposedMeasure):
        return measure.targets
    if isinstance(measure, Measure):
        return measure_targets(measure, framework)
    return frozenset(measure)


# --- the analysis paragraph -----------------------------------------------------------------


def analysis_text(
    library: Library,
    framework: Framework,
    weak_point: WeakPoint,
    item_results: Mapping[str, bool] | None = None,
) -> str:
    """The "issues to fix" paragraph for one weak indicator, in Thai digits like the seed memo."""
    template = library.analysis(weak_point.indicator)
    group = framework.group(weak_point.group)
    values = {
        "tool": group.code,
        "tool_name_th": group.name_th,
        "indicator": weak_point.indicator,
        "indicator_th": weak_point.name_th,
        "score": round2(Decimal(str(weak_point.score))),
        "items": _items_text(framework, weak_point, _answers(item_results)),
    }
    text = (template.analysis_th if template else DEFAULT_ANALYSIS).format_map(values)
    return to_thai_digits(" ".join(text.split()))


def _items_text(framework: Framework, point: WeakPoint, answers: Mapping[str, bool] | None) -> str:
    """`1) ข้อมูลพื้นฐาน เกี่ยวกับประเด็นข้อมูลผู้บริหาร 2) ...` for OIT; the issues, numbered, otherwise."""
    needs = [n for n in _needs(framework, point, answers) if n.addressed.kind != "indicator"]
    subs = [s for s in framework.oit_subindicators if s.indicator == point.indicator]
    if not needs or not subs:
        return _numbered([i.text_th for i in point.issues] or [point.name_th])
    failed = {n.addressed.code for n in needs}
    parts = []
    for sub in subs:
        items = [i for i in framework.oit_items if i.sub_indicator == sub.code and i.code in failed]
        if items:
            parts.append(_sub_phrase(sub, items))
        elif sub.code in failed:
            parts.append(sub.name_th)
    return _numbered(parts)


def _sub_phrase(sub: SubIndicator, items: list[OitItem]) -> str:
    """`การบริหารงาน ในด้านการดำเนินงาน ได้แก่ ก และข`: the seed memo's way of naming failed items."""
    groups: list[tuple[str, list[str]]] = []
    for item in items:
        if groups and groups[-1][0] == item.heading_th:
            groups[-1][1].append(item.title_th)
        else:
            groups.append((item.heading_th, [item.title_th]))
    phrases = []
    for heading, titles in groups:
        if not heading or heading == sub.name_th:
            phrases.append("เกี่ยวกับประเด็น" + _joined(titles))
        elif titles == [heading]:
            phrases.append(heading)
        elif len(titles) == 1:
            phrases.append(f"ในด้าน{heading} เกี่ยวกับประเด็น{titles[0]}")
        else:
            phrases.append(f"ในด้าน{heading} ได้แก่ {_joined(titles)}")
    return f"{sub.name_th} " + " และ".join(phrases)


def _joined(titles: Sequence[str]) -> str:
    return titles[0] if len(titles) == 1 else " ".join(titles[:-1]) + " และ" + titles[-1]


def _numbered(parts: Sequence[str]) -> str:
    return " ".join(f"{n}) {part}" for n, part in enumerate(parts, start=1))
