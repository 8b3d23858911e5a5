"""ITA totals, ratings and the arithmetic check of a reported result (REPORT §1 and §3).

Assumptions:
- Total = Σ score × weight / 100, with the weights in the year's framework file (2563–2565:
  indicators 1–5 weigh 6, 6–8 weigh 10, 9–10 weigh 20). Reported totals are rounded to 2 decimals
  ROUND_HALF_UP. NACC's own rounding is unknown, so a reported total within 0.01 of ours agrees.
- Tool scores (IIT/EIT/OIT) are weighted means as a % of the tool's maximum, rounded to 2 decimals
  before they are compared with a level's per-tool threshold.
- Ratings compare the 2-decimal total with the letter bands (2563–2565) or walk the result levels
  in file order and take the first whose thresholds are met (2566+).
- Explanations are single strings: Thai first, English in parentheses, so one field can be shown
  as-is in either language's page. `ScoreResult.slips` carries the same facts as data.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from .framework import Framework

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TOLERANCE = Decimal("0.01")

Scores = Mapping[int, Decimal]


def round2(value: Decimal | Fraction | int | str) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def normalise_scores(framework: Framework, scores: Mapping[Any, Any]) -> dict[int, Decimal]:
    """Scores keyed by indicator code as Decimal; every indicator of the year, each within 0–100."""
    clean = {int(code): Decimal(str(value)) for code, value in scores.items() if value is not None}
    missing = [c for c in framework.indicator_codes if c not in clean]
    if missing:
        listed = ", ".join(map(str, missing))
        raise ValueError(f"ไม่มีคะแนนตัวชี้วัดที่ {listed} (missing scores for indicators {listed})")
    wrong = [c for c in framework.indicator_codes if not 0 <= clean[c] <= HUNDRED]
    if wrong:
        listed = ", ".join(map(str, wrong))
        raise ValueError(f"คะแนนตัวชี้วัดที่ {listed} ต้องอยู่ระหว่าง 0–100 (scores must lie within 0–100)")
    return {c: clean[c] for c in framework.indicator_codes}


def raw_total(framework: Framework, scores: Scores) -> Decimal:
    """The exact weighted sum, before rounding."""
    clean = normalise_scores(framework, scores)
    return sum((clean[i.code] * i.weight / HUNDRED for i in framework.indicators), Decimal(0))


def compute_total(framework: Framework, scores: Scores) -> Decimal:
    return round2(raw_total(framework, scores))


def group_points(framework: Framework, scores: Scores) -> dict[str, Decimal]:
    """Each tool's weighted points out of its weight_total (e.g. OIT out of 40, as Phichit's table prints)."""
    clean = normalise_scores(framework, scores)
    return {
        g.code: round2(
            sum((clean[c] * framework.indicator(c).weight / HUNDRED for c in g.indicators), Decimal(0))
        )
        for g in framework.groups
    }


def group_scores(framework: Framework, scores: Scores) -> dict[str, Decimal]:
    """Each tool's score as a % of its maximum, the figure the level rules test."""
    clean = normalise_scores(framework, scores)
    result = {}
    for g in framework.groups:
        points = sum((clean[c] * framework.indicator(c).weight for c in g.indicators), Decimal(0))
        result[g.code] = round2(points / g.weight_total)
    return result


def rate(framework: Framework, total: Decimal, group_pcts: Mapping[str, Decimal] | None = None) -> str:
    """Letter grade or result level; level years need the tool percentages when a rule tests them."""
    total = round2(total)
    grading = framework.grading
    if grading.kind == "grade":
        return next(b.grade for b in grading.bands if total >= b.min)
    for level in grading.levels:
        if level.min_total is not None and total < level.min_total:
            continue
        if level.min_tool_pct is not None and _lowest_tool(framework, group_pcts) < level.min_tool_pct:
            continue
        return level.level
    return grading.levels[-1].level


def _lowest_tool(framework: Framework, group_pcts: Mapping[str, Decimal] | None) -> Decimal:
    if group_pcts is None or any(g.code not in group_pcts for g in framework.groups):
        raise ValueError(
            "ต้องมีคะแนนของ IIT, EIT และ OIT เพื่อจัดระดับ (tool scores are needed to decide the level)"
        )
    return min(round2(group_pcts[g.code]) for g in framework.groups)


def possible_ratings(framework: Framework, total: Decimal) -> list[str]:
    """Ratings a total allows when the tool scores are unknown (e.g. a published total alone)."""
    total = round2(total)
    if framework.grading.kind == "grade":
        return [rate(framework, total)]
    lowest = _lowest_possible_tool(framework, total)
    result = []
    for level in framework.grading.levels:
        if level.min_total is not None and total < level.min_total:
            continue
        if level.min_tool_pct is not None and total < level.min_tool_pct:
            continue  # every tool >= t forces the total >= t
        result.append(level.level)
        if level.min_tool_pct is None or lowest >= level.min_tool_pct:
            break  # this level is certain; the ones below cannot happen
    return result


def _lowest_possible_tool(framework: Framework, total: Decimal) -> Decimal:
    """How low one tool can be when the others score 100 and the total is `total`."""
    return max(
        Decimal(0),
        min((total - (HUNDRED - g.weight_total)) * HUNDRED / g.weight_total for g in framework.groups),
    )


# --- OIT from items (REPORT §1.2) ---------------------------------------------------------


def oit_from_items(framework: Framework, item_results: Mapping[str, bool]) -> dict[str | int, Decimal]:
    """Sub-indicator scores ("9.1": …) and indicator scores (9: …, 10: …) from accepted items.

    An item scores 100 if accepted, else 0 (an item not answered was not accepted); a sub-indicator
    is the mean of its items; an indicator is the mean of its sub-indicators.
    """
    _require_item_rule(framework)
    answers = {code.strip().lower(): bool(ok) for code, ok in item_results.items()}
    unknown = sorted(set(answers) - {i.code for i in framework.oit_items})
    if unknown:
        listed = ", ".join(unknown)
        raise ValueError(
            f"ไม่มีข้อ {listed} ในปี {framework.year} (no such OIT items in {framework.year}: {listed})"
        )
    result: dict[str | int, Decimal] = {}
    means: dict[int, list[Fraction]] = {}
    for sub in framework.oit_subindicators:
        items = [i for i in framework.oit_items if i.sub_indicator == sub.code]
        share = Fraction(sum(answers.get(i.code, False) for i in items), len(items))
        result[sub.code] = round2(share * 100)
        means.setdefault(sub.indicator, []).append(share)
    for indicator, shares in means.items():
        result[indicator] = round2(sum(shares, Fraction(0)) * 100 / len(shares))
    return result


def feasible_oit_values(framework: Framework, indicator: int) -> frozenset[Decimal]:
    """Every 2-decimal score the item rule can give an OIT indicator, from its sub-indicators' item counts."""
    _require_item_rule(framework)
    counts = [
        sum(1 for i in framework.oit_items if i.sub_indicator == s.code)
        for s in framework.oit_subindicators
        if s.indicator == indicator
    ]
    return _achievable(tuple(sorted(counts))) if counts else frozenset()


@cache
def _achievable(counts: tuple[int, ...]) -> frozenset[Decimal]:
    sums = {Fraction(0)}
    for n in counts:
        sums = {s + Fraction(k, n) for s in sums for k in range(n + 1)}
    return frozenset(round2(s * 100 / len(counts)) for s in sums)


def _require_item_rule(framework: Framework) -> None:
    if not framework.oit_item_rule:
        raise ValueError(
            f"ยังไม่ทราบวิธีคิดคะแนน OIT รายข้อของปี {framework.year} "
            f"(no item-based OIT rule is known for {framework.year})"
        )


# --- checking a reported result ----------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    """One single-digit slip that would explain the reported total."""

    kind: str  # "total": the total was mistyped; "indicator": that score was
    indicator: int | None
    original: Decimal
    candidate: Decimal

    def explain(self, reported: Decimal) -> str:
        if self.kind == "total":
            return (
                f"คะแนนรวมที่รายงานอาจพิมพ์ผิดหนึ่งหลัก: คำนวณได้ {self.original} แต่รายงาน {reported} "
                f"(typo in the total: {self.original} computed vs {reported} reported)"
            )
        return (
            f"ตัวชี้วัดที่ {self.indicator} อาจเป็น {self.candidate} ไม่ใช่ {self.original} "
            f"ซึ่งทำให้คะแนนรวมเป็น {reported} ตามที่รายงาน "
            f"(indicator {self.indicator} = {self.candidate} instead of {self.original} "
            f"gives the reported total {reported})"
        )

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "original": _float(self.original),
            "candidate": _float(self.candidate),
        }


@dataclass(frozen=True)
class ScoreResult:
    year: int
    rating_kind: str  # "grade" or "level"
    total: Decimal
    rating: str
    group_scores: dict[str, Decimal]
    reported_total: Decimal | None = None
    reported_grade: str | None = None
    mismatch: bool = False
    explanations: list[str] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    ruled_out: list[Slip] = field(default_factory=list)  # slips the OIT item rule makes impossible
    weak_indicators: list[int] = field(default_factory=list)
    unverified: bool = False  # computed with weights or rating rules marked unverified

    @property
    def grade(self) -> str | None:
        return self.rating if self.rating_kind == "grade" else None

    @property
    def level(self) -> str | None:
        return self.rating if self.rating_kind == "level" else None

    def to_dict(self) -> dict:
        """JSON-ready: numbers as floats rounded to 2 decimals (display values, not for re-computation)."""
        return {
            "year": self.year,
            "rating_kind": self.rating_kind,
            "total": _float(self.total),
            "rating": self.rating,
            "grade": self.grade,
            "level": self.level,
            "group_scores": {k: _float(v) for k, v in self.group_scores.items()},
            "reported_total": _float(self.reported_total),
            "reported_grade": self.reported_grade,
            "mismatch": self.mismatch,
            "explanations": list(self.explanations),
            "slips": [s.to_dict() for s in self.slips],
            "ruled_out": [s.to_dict() for s in self.ruled_out],
            "weak_indicators": list(self.weak_indicators),
            "unverified": self.unverified,
        }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(round2(value))


def check(
    framework: Framework,
    scores: Scores,
    reported_total: Decimal | None = None,
    reported_grade: str | None = None,
) -> ScoreResult:
    """Recompute a result from its indicator scores and explain any disagreement with what was reported."""
    clean = normalise_scores(framework, scores)
    total = compute_total(framework, clean)
    tools = group_scores(framework, clean)
    rating = rate(framework, total, tools)
    reported = round2(reported_total) if reported_total is not None else None
    grade = _normalise_rating(reported_grade)
    total_off = reported is not None and abs(reported - total) > TOLERANCE
    grade_off = grade is not None and grade != rating
    slips, ruled_out = find_slips(framework, clean, reported) if total_off else ([], [])
    explanations = [s.explain(reported) for s in slips] if reported is not None else []
    if total_off and not slips:
        explanations.append(_no_slip_text(total, reported))
    if grade_off:
        explanations.append(_grade_text(framework, grade, rating))
    return ScoreResult(
        year=framework.year,
        rating_kind=framework.grading.kind,
        total=total,
        rating=rating,
        group_scores=tools,
        reported_total=reported,
        reported_grade=grade,
        mismatch=total_off or grade_off,
        explanations=explanations,
        slips=slips,
        ruled_out=ruled_out,
        weak_indicators=[c for c in framework.indicator_codes if clean[c] < framework.grading.pass_mark],
        unverified=bool({"weights", "grading"} & set(framework.unverified_parts)),
    )


def _normalise_rating(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = "".join(value.split())
    return text.upper() if text.isascii() else text


def find_slips(framework: Framework, scores: Scores, reported: Decimal) -> tuple[list[Slip], list[Slip]]:
    """Single-digit slips that turn the computed total into `reported`, and those the OIT rule rules out."""
    clean = normalise_scores(framework, scores)
    exact = raw_total(framework, clean)
    computed = round2(exact)
    slips = [Slip("total", None, computed, reported)] if _one_digit_apart(computed, reported) else []
    ruled_out = []
    for indicator in framework.indicators:
        for candidate in one_digit_variants(clean[indicator.code]):
            trial = exact + (candidate - clean[indicator.code]) * indicator.weight / HUNDRED
            if round2(trial) != reported:
                continue
            slip = Slip("indicator", indicator.code, round2(clean[indicator.code]), candidate)
            (slips if _feasible(framework, indicator.code, candidate) else ruled_out).append(slip)
    return slips, ruled_out


def one_digit_variants(value: Decimal) -> list[Decimal]:
    """Every 0–100 value that differs from `value` (at 2 decimals) in exactly one digit."""
    text = str(round2(value))
    variants = []
    for pos, char in enumerate(text):
        if not char.isdigit():
            continue
        for digit in "0123456789":
            if digit != char and 0 <= (candidate := Decimal(text[:pos] + digit + text[pos + 1 :])) <= HUNDRED:
                variants.append(candidate)
    return variants


def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    left, right = str(round2(a)), str(round2(b))
    return len(left) == len(right) and sum(x != y for x, y in zip(left, right, strict=True)) == 1


def _feasible(framework: Framework, indicator: int, value: Decimal) -> bool:
    if not framework.oit_item_rule or not any(s.indicator == indicator for s in framework.oit_subindicators):
        return True
    return round2(value) in feasible_oit_values(framework, indicator)


def _no_slip_text(total: Decimal, reported: Decimal) -> str:
    gap = abs(reported - total)
    return (
        f"คะแนนรวมที่รายงาน {reported} ต่างจากที่คำนวณได้ {total} อยู่ {gap} และไม่พบการพิมพ์ผิดหนึ่งหลักที่อธิบายได้ "
        f"โปรดตรวจสอบกับผลในระบบ ITAS (reported total {reported} differs from the computed {total} by {gap}; "
        f"no single-digit slip explains it, check the ITAS result sheet)"
    )


def _grade_text(framework: Framework, grade: str, rating: str) -> str:
    if grade not in framework.grading.names:
        names = ", ".join(framework.grading.names)
        return (
            f"ผลที่รายงาน '{grade}' ไม่ใช่ระดับที่ใช้ในปี {framework.year} ซึ่งได้แก่ {names} "
            f"(reported rating '{grade}' is not used in {framework.year}; expected one of {names})"
        )
    return (
        f"ผลที่รายงาน {grade} ไม่ตรงกับที่คำนวณได้ {rating} "
        f"(reported rating {grade} differs from the computed {rating})"
    )
