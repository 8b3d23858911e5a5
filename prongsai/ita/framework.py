"""ITA framework (กรอบการประเมิน ITA) as versioned data: one YAML file per fiscal year.

Assumptions, so a new year can be added as `data/ita-NNNN.yaml` alone, with no code:
- Weights are points of the 100-point total. Each indicator's `weight` must add up to its
  tool's `weight_total`; a missing `weight` is assumed to be an equal split of the tool
  (marked unverified).
- `<field>_unverified: true` beside a field, or `unverified: true` inside an entry, marks what
  the research (shared/ita/REPORT.md) could not confirm. It travels to the UI as `unverified`
  plus `note`, so pages can show a badge.
- `same_as: <year>` in `scoring` or a question section means "as in that year's file".
- Letter years give `grade_bands`; level years (2566+) give `result_levels` whose `rule` text
  ("total >= 85 and each of IIT, EIT, OIT >= 85") is read for its two thresholds: minimum
  total and minimum per-tool percentage. Explicit `min_total` / `min_tool_pct` keys win.
- The OIT item rule (item 100/0, sub-indicator = mean of items, indicator = mean of
  sub-indicators; REPORT §1.2) applies when `scoring` describes it (`oit_indicator_score`) or
  says `oit_rule: item_mean`.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from prongsai.thai.errors import FieldError

DATA_DIR = Path(__file__).parent / "data"
_FILE_NAME = re.compile(r"ita-(\d{4})\.yaml")
_ITEM_CODE = re.compile(r"o\d+")
_MIN_TOTAL = re.compile(r"total\s*>=\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*<=\s*total")
_MIN_TOOL = re.compile(r"each\b[^>]*?>=\s*(\d+(?:\.\d+)?)")
_CATCH_ALL = re.compile(r"total\s*<\s*(\d+(?:\.\d+)?)")
DEFAULT_PASS_MARK = Decimal(85)
HUNDRED = Decimal(100)
BAND_STEP = Decimal("0.01")  # scores have two decimals: 94.99 and 95.00 leave no gap


class FrameworkError(FieldError):
    """A framework file that the code cannot use, naming the bad field in Thai and English."""


@dataclass(frozen=True)
class Group:
    code: str
    name_th: str
    name_en: str
    indicators: tuple[int, ...]
    weight_total: Decimal
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    code: int
    name_th: str
    name_en: str
    group: str
    weight: Decimal
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class ResultLevel:
    level: str
    name_en: str
    rule: str
    min_total: Decimal | None
    min_tool_pct: Decimal | None


@dataclass(frozen=True)
class Grading:
    kind: str  # "grade" (letters, 2563-2565) or "level" (pass levels, 2566+)
    bands: tuple[GradeBand, ...]
    levels: tuple[ResultLevel, ...]
    pass_mark: Decimal
    unverified: bool = False
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.grade for b in self.bands) or tuple(lv.level for lv in self.levels)


@dataclass(frozen=True)
class SubIndicator:
    code: str
    indicator: int
    name_th: str
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class OitItem:
    code: str
    title_th: str
    indicator: int | None
    sub_indicator: str | None
    heading_th: str = ""
    requirement_th: str = ""
    requirement_unverified: bool = False
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Question:
    code: str
    tool: str
    indicator: int
    text_th: str
    scale: str = ""
    sub_items: tuple["Question", ...] = ()
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    title: str
    kind: str


@dataclass(frozen=True)
class Example:
    """A published result the weights must reproduce (`verification_examples`)."""

    unit: str
    indicators: tuple[Decimal, ...]
    reported_total: Decimal | None
    check: str = ""


@dataclass(frozen=True)
class Framework:
    year: int
    fiscal_year_ad: int
    label: str
    note: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    grading: Grading
    oit_subindicators: tuple[SubIndicator, ...]
    oit_items: tuple[OitItem, ...]
    questions: tuple[Question, ...]
    oit_item_rule: bool
    sources: tuple[Source, ...]
    examples: tuple[Example, ...]
    # part name -> note, for every part research could not confirm ("weights", "oit_items", ...)
    unverified_parts: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    # The year whose framework this one copies until the real one is known (store.carry_forward,
    # or results.framework_for for a year nobody has saved yet); None for a year's own framework.
    carried_forward_from: int | None = None
    # The saved version (ita.models.FrameworkVersion.number) this text is; None for the shipped file.
    version: int | None = None

    def indicator(self, code: int) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def group(self, code: str) -> Group:
        return next(g for g in self.groups if g.code == code)

    @property
    def indicator_codes(self) -> tuple[int, ...]:
        return tuple(i.code for i in self.indicators)


# --- loading -------------------------------------------------------------------------------


def available_years() -> list[int]:
    """The years Prongsai ships a file for (read once: the folder changes only with a release)."""
    return list(_shipped_years())


@cache
def _shipped_years() -> tuple[int, ...]:
    return tuple(sorted(int(m.group(1)) for p in DATA_DIR.iterdir() if (m := _FILE_NAME.fullmatch(p.name))))


@cache
def load_framework(year: int) -> Framework:
    data = _raw_year(year)
    framework = _build(data, f"ita-{year}.yaml", _raw_year)
    if framework.year != year:
        raise FrameworkError(f"ita-{year}.yaml: year", "ปีในไฟล์ไม่ตรงกับชื่อไฟล์", "year differs from file name")
    return framework


def load_all() -> dict[int, Framework]:
    return {year: load_framework(year) for year in available_years()}


def load_framework_from_text(text: str, origin: str = "text") -> Framework:
    """Build a framework from an admin's edited YAML; `same_as` still refers to our data files."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(origin, "อ่านรูปแบบ YAML ไม่ได้", f"not valid YAML: {exc}") from exc
    return _build(data, origin, _raw_year)


@cache
def _raw_year(year: int) -> dict:
    path = DATA_DIR / f"ita-{year}.yaml"
    if not path.is_file():
        raise FrameworkError("year", f"ไม่มีกรอบการประเมินของปี {year}", f"no framework file for year {year}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise FrameworkError(path.name, "ไฟล์ต้องเป็นแผนที่ key: value", "file must be a YAML mapping")
    return data


def _build(data: Any, origin: str, base: Callable[[int], dict]) -> Framework:
    if not isinstance(data, dict):
        raise FrameworkError(origin, "ไฟล์ต้องเป็นแผนที่ key: value", "file must be a YAML mapping")
    year = _int(_required(data, "year", origin), f"{origin}.year")
    if not 2500 <= year <= 2700:
        raise FrameworkError(f"{origin}.year", "ปีต้องเป็น พ.ศ.", "year must be a Buddhist-era year")
    groups = _groups(data, origin)
    indicators = _indicators(data, groups, origin)
    scoring, scoring_copied = _resolve(data, "scoring", base, origin)
    subs, items = _oit(data, indicators, origin)
    parts = _unverified_parts(data, indicators, scoring, scoring_copied)
    questions = _questions(data, "iit_questions", "IIT", indicators, base, origin, parts)
    questions += _questions(data, "eit_questions", "EIT", indicators, base, origin, parts)
    rule = _oit_rule(scoring, subs, items, f"{origin}.scoring", parts)
    return Framework(
        year=year,
        fiscal_year_ad=_int(data.get("fiscal_year_ad", year - 543), f"{origin}.fiscal_year_ad"),
        label=_text(data.get("label") or f"ITA {year}", f"{origin}.label"),
        note=str(data.get("framework_note") or ""),
        groups=groups,
        indicators=indicators,
        grading=_grading(data, origin),
        oit_subindicators=subs,
        oit_items=items,
        questions=questions,
        oit_item_rule=rule,
        sources=_sources(data, origin),
        examples=_examples(scoring, len(indicators), f"{origin}.scoring.verification_examples"),
        unverified_parts=MappingProxyType(parts),
        carried_forward_from=_carried_from(data, year, origin),
    )


def _carried_from(data: Mapping, year: int, origin: str) -> int | None:
    value = data.get("carried_forward_from")
    if value is None:
        return None
    source = _int(value, f"{origin}.carried_forward_from")
    if source >= year:
        raise FrameworkError(
            f"{origin}.carried_forward_from",
            "ปีที่ยกมาต้องเป็นปีก่อนหน้า",
            "the year carried forward from must be an earlier year",
        )
    return source


# --- small typed readers: each names the field it rejects ----------------------------------


def _required(data: Mapping, key: str, path: str) -> Any:
    if data.get(key) is None:
        raise FrameworkError(f"{path}.{key}", "ไม่มีข้อมูลที่จำเป็น", "required field is missing")
    return data[key]


def _number(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FrameworkError(path, "ต้องเป็นตัวเลข", "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise FrameworkError(path, "ต้องเป็นตัวเลข", "must be a number") from exc
    if not number.is_finite() or number < 0:
        raise FrameworkError(path, "ต้องเป็นตัวเลขไม่ติดลบ", "must be a non-negative number")
    return number


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FrameworkError(path, "ต้องเป็นจำนวนเต็ม", "must be a whole number")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(path, "ต้องเป็นข้อความ", "must be non-empty text")
    return value.strip()


def _list(value: Any, path: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise FrameworkError(path, "ต้องเป็นรายการ", "must be a list")
    return value


def _entries(data: Mapping, key: str, path: str) -> list[tuple[str, dict]]:
    result = []
    for n, entry in enumerate(_list(data.get(key), f"{path}.{key}")):
        entry_path = f"{path}.{key}[{n}]"
        if not isinstance(entry, dict):
            raise FrameworkError(entry_path, "แต่ละรายการต้องเป็น key: value", "each entry must be a mapping")
        result.append((entry_path, entry))
    return result


def _unique(codes: list, path: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise FrameworkError(path, f"รหัส {code} ซ้ำ", f"code {code} is duplicated")
        seen.add(code)


# --- sections ------------------------------------------------------------------------------


def _groups(data: Mapping, path: str) -> tuple[Group, ...]:
    groups = []
    for p, g in _entries(data, "groups", path):
        indicators = tuple(_int(c, f"{p}.indicators") for c in _list(g.get("indicators"), f"{p}.indicators"))
        groups.append(
            Group(
                code=_text(g.get("code"), f"{p}.code"),
                name_th=str(g.get("name_th") or ""),
                name_en=str(g.get("name_en") or ""),
                indicators=indicators,
                weight_total=_number(_required(g, "weight_total", p), f"{p}.weight_total"),
                unverified=bool(g.get("weight_total_unverified") or g.get("unverified")),
                note=str(g.get("note") or ""),
            )
        )
    if not groups:
        raise FrameworkError(f"{path}.groups", "ต้องมีเครื่องมืออย่างน้อยหนึ่งกลุ่ม", "at least one tool is required")
    _unique([g.code for g in groups], f"{path}.groups")
    if sum(g.weight_total for g in groups) != HUNDRED:
        raise FrameworkError(
            f"{path}.groups", "น้ำหนักรวมของเครื่องมือต้องเท่ากับ 100", "tool weights must sum to 100"
        )
    return tuple(groups)


def _indicators(data: Mapping, groups: tuple[Group, ...], path: str) -> tuple[Indicator, ...]:
    by_group = {g.code: g for g in groups}
    default_note = str(data.get("weights_note") or data.get("indicators_note") or "")
    result = []
    for p, e in _entries(data, "indicators", path):
        group_code = _text(e.get("group"), f"{p}.group")
        if group_code not in by_group:
            raise FrameworkError(f"{p}.group", f"ไม่มีเครื่องมือ {group_code}", f"unknown tool {group_code}")
        result.append(_indicator(e, p, by_group[group_code], default_note))
    _unique([i.code for i in result], f"{path}.indicators")
    for g in groups:
        mine = tuple(i for i in result if i.group == g.code)
        if sorted(i.code for i in mine) != sorted(g.indicators):
            raise FrameworkError(
                f"{path}.groups.{g.code}.indicators",
                "รายการตัวชี้วัดไม่ตรงกับ indicators",
                "indicator list does not match the indicators section",
            )
        if sum(i.weight for i in mine) != g.weight_total:
            raise FrameworkError(
                f"{path}.indicators.weight",
                f"น้ำหนักตัวชี้วัดใน {g.code} ไม่เท่ากับ weight_total",
                f"indicator weights in {g.code} do not add up to its weight_total",
            )
    return tuple(result)


def _indicator(e: dict, p: str, group: Group, default_note: str) -> Indicator:
    if e.get("weight") is None:
        weight = group.weight_total / len(group.indicators)
        unverified, note = True, "น้ำหนักสันนิษฐาน: แบ่งเท่ากันในเครื่องมือ (assumed: equal split of the tool weight)"
    else:
        weight = _number(e["weight"], f"{p}.weight")
        unverified = bool(e.get("weight_unverified") or e.get("unverified") or group.unverified)
        note = str(e.get("note") or (default_note if unverified else ""))
    return Indicator(
        code=_int(e.get("code"), f"{p}.code"),
        name_th=_text(e.get("name_th"), f"{p}.name_th"),
        name_en=str(e.get("name_en") or ""),
        group=group.code,
        weight=weight,
        unverified=unverified,
        note=note,
    )


def _grading(data: Mapping, path: str) -> Grading:
    bands, levels = data.get("grade_bands"), data.get("result_levels")
    if bool(bands) == bool(levels):
        raise FrameworkError(
            f"{path}.grade_bands/result_levels",
            "ต้องระบุอย่างใดอย่างหนึ่งเท่านั้น",
            "give exactly one of grade_bands or result_levels",
        )
    pass_mark = _number(data.get("pass_mark", DEFAULT_PASS_MARK), f"{path}.pass_mark")
    key = "grade_bands" if bands else "result_levels"
    unverified = bool(data.get(f"{key}_unverified"))
    note = str(data.get(f"{key}_note") or "")
    if bands:
        return Grading("grade", _bands(data, path), (), pass_mark, unverified, note)
    return Grading("level", (), _levels(data, path), pass_mark, unverified, note)


def _bands(data: Mapping, path: str) -> tuple[GradeBand, ...]:
    bands = [
        GradeBand(
            _text(b.get("grade"), f"{p}.grade"),
            _number(b.get("min"), f"{p}.min"),
            _number(b.get("max"), f"{p}.max"),
        )
        for p, b in _entries(data, "grade_bands", path)
    ]
    bands.sort(key=lambda b: b.min, reverse=True)
    _unique([b.grade for b in bands], f"{path}.grade_bands")
    for upper, lower in pairwise(bands):
        if lower.max >= upper.min or lower.min > lower.max:
            raise FrameworkError(
                f"{path}.grade_bands.{lower.grade}",
                "ช่วงคะแนนซ้อนหรือกลับด้าน",
                "score range overlaps the next band or is reversed",
            )
    for upper, lower in pairwise(bands):
        if upper.min - lower.max > BAND_STEP:
            raise FrameworkError(
                f"{path}.grade_bands.{lower.grade}",
                f"มีช่องว่างระหว่างระดับ {lower.grade} กับ {upper.grade}",
                f"there is a gap between {lower.grade} and {upper.grade}",
            )
    if bands[-1].min != 0:
        raise FrameworkError(f"{path}.grade_bands", "ระดับต่ำสุดต้องเริ่มที่ 0", "the lowest band must start at 0")
    if bands[0].max != HUNDRED:
        raise FrameworkError(f"{path}.grade_bands", "ระดับสูงสุดต้องจบที่ 100", "the highest band must end at 100")
    return tuple(bands)


def _levels(data: Mapping, path: str) -> tuple[ResultLevel, ...]:
    levels = []
    for p, e in _entries(data, "result_levels", path):
        min_total, min_tool = _level_thresholds(e, p)
        levels.append(
            ResultLevel(
                _text(e.get("level"), f"{p}.level"),
                str(e.get("en") or ""),
                str(e.get("rule") or ""),
                min_total,
                min_tool,
            )
        )
    _unique([lv.level for lv in levels], f"{path}.result_levels")
    if not levels or levels[-1].min_total is not None or levels[-1].min_tool_pct is not None:
        raise FrameworkError(
            f"{path}.result_levels",
            "ระดับสุดท้ายต้องรับคะแนนที่เหลือทั้งหมด",
            "the last level must accept every remaining total (e.g. 'total < 70')",
        )
    _levels_complete(levels, path)
    return tuple(levels)


def _levels_complete(levels: list[ResultLevel], path: str) -> None:
    """Levels go from the highest down, each reachable, and the catch-all starts where the last
    threshold ends: a total that falls between two levels would have no level."""
    floor = HUNDRED
    for n, level in enumerate(levels[:-1]):
        if level.min_total is None and level.min_tool_pct is None:
            raise FrameworkError(
                f"{path}.result_levels[{n}].rule",
                f"ระดับ {level.level} รับทุกคะแนน ระดับที่ตามมาจึงไม่มีวันได้",
                f"level {level.level} accepts every total, so the levels after it are never reached",
            )
        for value, key in ((level.min_total, "min_total"), (level.min_tool_pct, "min_tool_pct")):
            if value is not None and value > HUNDRED:
                raise FrameworkError(
                    f"{path}.result_levels[{n}].{key}", "เกณฑ์ต้องไม่เกิน 100", "a threshold cannot exceed 100"
                )
        if level.min_total is not None:
            if level.min_total > floor:
                raise FrameworkError(
                    f"{path}.result_levels[{n}].rule",
                    "ระดับต้องเรียงจากเกณฑ์สูงไปต่ำ",
                    "levels must be ordered from the highest threshold down",
                )
            floor = level.min_total
    match = _CATCH_ALL.search(levels[-1].rule)
    if match and Decimal(match.group(1)) != floor:
        raise FrameworkError(
            f"{path}.result_levels[{len(levels) - 1}].rule",
            f"มีช่องว่างระหว่างคะแนน {match.group(1)} ถึง {floor} ที่ไม่อยู่ในระดับใด",
            f"totals from {match.group(1)} to {floor} fall in no level",
        )


def _level_thresholds(e: dict, p: str) -> tuple[Decimal | None, Decimal | None]:
    if "min_total" in e or "min_tool_pct" in e:
        return _optional_number(e.get("min_total"), f"{p}.min_total"), _optional_number(
            e.get("min_tool_pct"), f"{p}.min_tool_pct"
        )
    rule = str(e.get("rule") or "")
    total, tool = _MIN_TOTAL.search(rule), _MIN_TOOL.search(rule)
    if not (total or tool or _CATCH_ALL.search(rule)):
        raise FrameworkError(
            f"{p}.rule",
            "อ่านเงื่อนไขไม่ได้ ให้เขียนแบบ 'total >= 85 and each tool >= 85'",
            "cannot read the rule; write it like 'total >= 85 and each tool >= 85'",
        )
    min_total = Decimal(total.group(1) or total.group(2)) if total else None
    return min_total, Decimal(tool.group(1)) if tool else None


def _optional_number(value: Any, path: str) -> Decimal | None:
    return None if value is None else _number(value, path)


def _resolve(
    data: Mapping, key: str, base: Callable[[int], dict], path: str, depth: int = 0
) -> tuple[Any, bool]:
    """The section, with `same_as: <year>` replaced by that year's section; True when copied."""
    section = data.get(key)
    if not (isinstance(section, dict) and "same_as" in section):
        return section, False
    if depth > 5:
        raise FrameworkError(f"{path}.{key}.same_as", "อ้างถึงกันเป็นวง", "same_as chain loops")
    other_year = _int(section["same_as"], f"{path}.{key}.same_as")
    try:
        other = base(other_year)
    except FrameworkError as exc:
        raise FrameworkError(f"{path}.{key}.same_as", exc.message_th, exc.message_en) from exc
    copied, _ = _resolve(other, key, base, f"ita-{other_year}", depth + 1)
    if isinstance(copied, dict):
        own = {k: v for k, v in section.items() if k != "same_as"}
        copied = {k: v for k, v in copied.items() if k != "verification_examples"} | own
    return copied, True


def _unverified_parts(data: Mapping, indicators: tuple[Indicator, ...], scoring: Any, copied: bool) -> dict:
    parts: dict[str, str] = {}
    if any(i.unverified for i in indicators):
        parts["weights"] = next(i.note for i in indicators if i.unverified) or (
            "น้ำหนักรายตัวชี้วัดยังไม่ได้ยืนยัน (per-indicator weights unverified)"
        )
    for key, part in (("grade_bands", "grading"), ("result_levels", "grading"), ("pass_mark", "pass_mark")):
        if data.get(f"{key}_unverified"):
            parts[part] = str(data.get(f"{key}_note") or "ยังไม่ได้ยืนยันเกณฑ์นี้ (rule not confirmed for this year)")
    if copied or (isinstance(scoring, dict) and scoring.get("unverified")):
        parts["scoring"] = "ใช้วิธีคิดคะแนนของปีอื่น (scoring copied from another year via same_as; unverified)"
    items = data.get("oit_items")
    if data.get("oit_items_unverified") or not items or any(i.get("unverified") for i in items):
        default = "ยังไม่ทราบรายการข้อ OIT ของปีนี้ (OIT item list unknown for this year"
        default += "; candidate lists in oit_candidates)" if data.get("oit_candidates") else ")"
        parts["oit_items"] = str(data.get("oit_items_note") or default)
    return parts


def _oit(data: Mapping, indicators: tuple[Indicator, ...], path: str) -> tuple[tuple, tuple]:
    section_unverified = bool(data.get("oit_items_unverified"))
    section_note = str(data.get("oit_items_note") or "")
    codes = {i.code for i in indicators}
    items = tuple(
        _item(e, p, codes, section_unverified, section_note) for p, e in _entries(data, "oit_items", path)
    )
    _unique([i.code for i in items], f"{path}.oit_items")
    for n, item in enumerate(items):
        if not item.sub_indicator:
            raise FrameworkError(
                f"{path}.oit_items[{n}].sub_indicator",
                f"ข้อ {item.code} ยังไม่ได้จัดเข้าตัวชี้วัดย่อย",
                f"item {item.code} is not mapped to a sub-indicator",
            )
    subs = _sub_indicators(data, items, codes, path)
    known = {s.code: s for s in subs}
    for n, item in enumerate(items):
        if item.sub_indicator not in known:
            raise FrameworkError(
                f"{path}.oit_items[{n}].sub_indicator",
                f"ไม่มีตัวชี้วัดย่อย {item.sub_indicator}",
                f"unknown sub-indicator {item.sub_indicator}",
            )
    # An item takes its indicator from its sub-indicator when the file leaves it out.
    items = tuple(
        replace(i, indicator=known[i.sub_indicator].indicator) if i.indicator is None else i for i in items
    )
    return subs, items


def _item(e: dict, p: str, codes: set[int], section_unverified: bool, section_note: str) -> OitItem:
    code = _text(e.get("code"), f"{p}.code").lower()
    if not _ITEM_CODE.fullmatch(code):
        raise FrameworkError(
            f"{p}.code", "รหัสข้อต้องเป็นแบบ o1, o2, ...", "item code must look like o1, o2, ..."
        )
    indicator = e.get("indicator")
    if indicator is not None and _int(indicator, f"{p}.indicator") not in codes:
        raise FrameworkError(f"{p}.indicator", f"ไม่มีตัวชี้วัด {indicator}", f"unknown indicator {indicator}")
    unverified = bool(e.get("unverified") or section_unverified or not e.get("title_th"))
    return OitItem(
        code=code,
        title_th=str(e.get("title_th") or ""),
        indicator=indicator,
        sub_indicator=str(e["sub_indicator"]) if e.get("sub_indicator") is not None else None,
        heading_th=str(e.get("heading_th") or ""),
        requirement_th=str(e.get("requirement_th") or ""),
        requirement_unverified=bool(e.get("requirement_unverified")),
        unverified=unverified,
        note=str(e.get("note") or (section_note if unverified else "")),
    )


def _sub_indicators(data: Mapping, items: tuple[OitItem, ...], codes: set[int], path: str) -> tuple:
    declared = _entries(data, "oit_sub_indicators", path)
    if declared:
        subs = tuple(_declared_sub(e, p, items, codes) for p, e in declared)
        _unique([s.code for s in subs], f"{path}.oit_sub_indicators")
        return subs
    # Not listed (2566): derive from the items, which then carry the only evidence.
    seen: dict[str, OitItem] = {}
    for item in items:
        if item.sub_indicator and item.sub_indicator not in seen:
            seen[item.sub_indicator] = item
    return tuple(
        SubIndicator(
            code, item.indicator or _prefix(code, codes, path), "", True, "Derived from the item list."
        )
        for code, item in seen.items()
    )


def _declared_sub(e: dict, p: str, items: tuple[OitItem, ...], codes: set[int]) -> SubIndicator:
    code = _text(str(e.get("code") or ""), f"{p}.code")
    indicator = e.get("indicator")
    indicator = _int(indicator, f"{p}.indicator") if indicator is not None else _prefix(code, codes, p)
    if any(i.sub_indicator == code and i.indicator not in (None, indicator) for i in items):
        raise FrameworkError(
            f"{p}.indicator", f"ข้อใน {code} อยู่ต่างตัวชี้วัดกัน", f"items of {code} belong to another indicator"
        )
    return SubIndicator(
        code, indicator, str(e.get("name_th") or ""), bool(e.get("unverified")), str(e.get("note") or "")
    )


def _prefix(code: str, codes: set[int], path: str) -> int:
    head = code.split(".")[0]
    if not head.isdigit() or int(head) not in codes:
        raise FrameworkError(
            path,
            f"ตัวชี้วัดย่อย {code} ไม่ได้ขึ้นต้นด้วยรหัสตัวชี้วัด",
            f"sub-indicator {code} does not start with an indicator code",
        )
    return int(head)


def _oit_rule(
    scoring: Any, subs: tuple[SubIndicator, ...], items: tuple[OitItem, ...], path: str, parts: dict
) -> bool:
    scoring = scoring if isinstance(scoring, dict) else {}
    declared = scoring.get("oit_rule")
    if declared not in (None, "item_mean", "none"):
        raise FrameworkError(f"{path}.oit_rule", "ต้องเป็น item_mean หรือ none", "must be item_mean or none")
    rule = declared == "item_mean" or (declared is None and "oit_indicator_score" in scoring)
    if not rule:
        parts["oit_rule"] = "ไม่ทราบวิธีคิดคะแนน OIT จากรายข้อของปีนี้ (OIT item scoring unknown for this year)"
        return False
    if (
        not items
        or any(i.sub_indicator is None for i in items)
        or any(not any(i.sub_indicator == s.code for i in items) for s in subs)
    ):
        raise FrameworkError(
            f"{path}.oit_rule",
            "กฎรายข้อต้องให้ทุกข้อมีตัวชี้วัดย่อย และทุกตัวชี้วัดย่อยมีข้อ",
            "the item rule needs every item in a sub-indicator and every sub-indicator to have items",
        )
    if scoring.get("unverified") or scoring.get("oit_indicator_score_unverified"):
        parts["oit_rule"] = str(
            scoring.get("oit_indicator_score_note")
            or "สันนิษฐานว่าใช้วิธีคิดรายข้อเหมือนปี 2564 (OIT item rule assumed as in 2564)"
        )
    return True


def _questions(
    data: Mapping,
    key: str,
    tool: str,
    indicators: tuple[Indicator, ...],
    base: Callable[[int], dict],
    path: str,
    parts: dict,
) -> tuple[Question, ...]:
    section, copied = _resolve(data, key, base, path)
    unverified = copied or bool(data.get(f"{key}_unverified"))
    note = str(data.get(f"{key}_note") or "")
    if isinstance(section, dict):  # {unverified: true, note: ...}: nothing known for this year
        unverified, note, section = True, str(section.get("note") or note), []
    entries = _entries({key: section}, key, path)
    codes = {i.code for i in indicators}
    questions = tuple(_question(e, p, tool, codes, unverified, note, None) for p, e in entries)
    _unique([q.code for q in questions], f"{path}.{key}")
    if unverified or not questions or any(q.unverified for q in questions):
        parts[key] = note or (
            "คัดลอกจากปีอื่น (copied from another year via same_as)"
            if copied
            else "ยังไม่ทราบหรือยังไม่ได้ยืนยัน (unknown or unverified)"
        )
    return questions


def _question(
    e: dict, p: str, tool: str, codes: set[int], unverified: bool, note: str, parent: int | None
) -> Question:
    indicator = _int(e["indicator"], f"{p}.indicator") if e.get("indicator") is not None else parent
    if indicator not in codes:
        raise FrameworkError(f"{p}.indicator", f"ไม่มีตัวชี้วัด {indicator}", f"unknown indicator {indicator}")
    flagged = unverified or bool(e.get("unverified"))
    subs = tuple(
        _question(s, sp, tool, codes, flagged, note, indicator) for sp, s in _entries(e, "sub_items", p)
    )
    return Question(
        code=_text(str(e.get("code") or ""), f"{p}.code"),
        tool=tool,
        indicator=indicator,
        text_th=_text(e.get("text_th") or e.get("topic_th"), f"{p}.text_th"),
        scale=str(e.get("scale") or ""),
        sub_items=subs,
        unverified=flagged,
        note=str(e.get("note") or (note if flagged else "")),
    )


def _sources(data: Mapping, path: str) -> tuple[Source, ...]:
    sources = tuple(
        Source(
            _text(s.get("id"), f"{p}.id"),
            str(s.get("url") or ""),
            str(s.get("title") or ""),
            str(s.get("kind") or ""),
        )
        for p, s in _entries(data, "sources", path)
    )
    _unique([s.id for s in sources], f"{path}.sources")
    return sources


def _examples(scoring: Any, count: int, path: str) -> tuple[Example, ...]:
    if not isinstance(scoring, dict):
        return ()
    examples = []
    for p, e in _entries(scoring, "verification_examples", path.rsplit(".", 1)[0]):
        scores = tuple(_number(v, f"{p}.indicators") for v in _list(e.get("indicators"), f"{p}.indicators"))
        if scores and len(scores) != count:
            raise FrameworkError(f"{p}.indicators", f"ต้องมีคะแนน {count} ตัวชี้วัด", f"needs {count} scores")
        total = _optional_number(e.get("reported_total"), f"{p}.reported_total")
        examples.append(Example(str(e.get("unit") or ""), scores, total, str(e.get("check") or "")))
    return tuple(examples)
