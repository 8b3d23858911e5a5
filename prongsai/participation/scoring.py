"""Satisfaction surveys scored the way the ITA scores its EIT (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก).

Assumptions (shared/ita/REPORT.md §1.7 and ita-2564.yaml `scoring`, `eit_questions`):
- The questions are the framework's EIT questions e1–e15 of an ITA year; their wording, numbering
  and mapping to indicators 6–8 are *unverified* (from recollection; only indicator 6 corroborated).
- A 4-level answer scores 0 / 33.33 / 66.67 / 100 (NACC practice, unverified; a replica form rounds
  to 33/67), reversed for negative items; yes/no scores 100/0, or 0/100 when "มี" is the bad answer.
- A question's score is the mean of its answers' points; an indicator's score is the mean of its
  questions' scores (aggregation unverified). Unanswered questions are left out, not counted as 0.
So the indicators computed here are a *prediction* of EIT 6–8, never an official figure.

The internal staff survey (IIT, i1–i30, indicators 1–5) is scored by the same rules. Its questions
may have sub-items (i1.1, i1.2): each sub-item is answered and scored like a question, the question
scores the mean of its sub-items, and the indicator the mean of its questions (REPORT §2: "assumed
to be means", unverified). Its questions come from `framework_for(year)`, so a framework an
administrator saved, or one carried forward, is the one asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from prongsai.ita.framework import FrameworkError, available_years, load_framework

LIKERT = ("น้อยที่สุดหรือไม่มีเลย", "น้อย", "มาก", "มากที่สุด")
YES_NO = ("มี", "ไม่มี")
THIRD, TWO_THIRDS = Decimal("33.33"), Decimal("66.67")
SCALES: dict[str, tuple[tuple[str, ...], tuple[Decimal, ...]]] = {
    "likert4_positive": (LIKERT, (Decimal(0), THIRD, TWO_THIRDS, Decimal(100))),
    "likert4_reversed": (LIKERT, (Decimal(100), TWO_THIRDS, THIRD, Decimal(0))),
    "yesno_positive": (YES_NO, (Decimal(100), Decimal(0))),
    "yesno_negative": (YES_NO, (Decimal(0), Decimal(100))),
}
EIT_INDICATORS = (6, 7, 8)
DEFAULT_ITA_YEAR = 2564
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SurveyQuestion:
    code: str
    indicator: int
    text_th: str
    scale: str
    unverified: bool
    parent: str = ""  # the question a sub-item belongs to ("i1" for "i1.1"); "" for a question itself
    parent_text_th: str = ""

    @property
    def question_code(self) -> str:
        return self.parent or self.code

    @property
    def options(self) -> tuple[str, ...]:
        return SCALES[self.scale][0]

    @property
    def points(self) -> tuple[Decimal, ...]:
        return SCALES[self.scale][1]


@cache
def eit_questions(ita_year: int = DEFAULT_ITA_YEAR) -> tuple[SurveyQuestion, ...]:
    """The EIT questions of an ITA year's framework that use a scale we know how to score.

    A year whose shipped framework lists none (2566 on: the sources do not give them) uses the
    latest earlier year that does, so a survey of the current year always has its questions;
    they are unverified either way."""
    for year in sorted((y for y in available_years() if y <= ita_year), reverse=True):
        framework = load_framework(year)
        questions = tuple(
            SurveyQuestion(
                q.code,
                q.indicator,
                q.text_th,
                q.scale,
                q.unverified or "eit_questions" in framework.unverified_parts or year != ita_year,
            )
            for q in framework.questions
            if q.tool == "EIT" and q.scale in SCALES
        )
        if questions:
            return questions
    return eit_questions(DEFAULT_ITA_YEAR) if ita_year != DEFAULT_ITA_YEAR else ()


def clean_answers(questions: Iterable[SurveyQuestion], raw: Mapping[str, object]) -> dict[str, int]:
    """Option indexes by question code; unknown codes and out-of-range values are dropped."""
    answers = {}
    for q in questions:
        value = raw.get(q.code)
        try:
            index = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if 0 <= index < len(q.options):
            answers[q.code] = index
    return answers


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    counts: tuple[int, ...]  # answers per option
    answered: int
    score: Decimal | None  # mean points, 2 decimals

    @property
    def pairs(self) -> list[tuple[str, int]]:
        return list(zip(self.question.options, self.counts, strict=True))


@dataclass(frozen=True)
class SurveyResult:
    responses: int
    questions: tuple[QuestionResult, ...]
    indicators: dict[int, Decimal | None]  # predicted EIT 6–8 (or IIT 1–5)
    by_question: dict[str, Decimal | None] = field(default_factory=dict)  # i1 = mean of i1.1, i1.2


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score(questions: tuple[SurveyQuestion, ...], responses: Iterable[Mapping[str, int]]) -> SurveyResult:
    """Distributions per question and predicted indicators, from each response's option indexes."""
    counts = {q.code: [0] * len(q.options) for q in questions}
    total = 0
    for answers in responses:
        total += 1
        for code, index in answers.items():
            if code in counts and 0 <= index < len(counts[code]):
                counts[code][index] += 1
    results, exact = [], {}
    for q in questions:
        answered = sum(counts[q.code])
        if answered:
            exact[q.code] = sum(n * p for n, p in zip(counts[q.code], q.points, strict=True)) / answered
        mean = _round(exact[q.code]) if q.code in exact else None
        results.append(QuestionResult(q, tuple(counts[q.code]), answered, mean))
    grouped: dict[str, list[Decimal]] = {}
    for q in questions:
        grouped.setdefault(q.question_code, [])
        if q.code in exact:
            grouped[q.question_code].append(exact[q.code])
    per_question = {code: sum(v) / len(v) for code, v in grouped.items() if v}
    indicators: dict[int, Decimal | None] = {}
    for indicator in sorted({q.indicator for q in questions}):
        codes = dict.fromkeys(q.question_code for q in questions if q.indicator == indicator)
        scores = [per_question[c] for c in codes if c in per_question]
        indicators[indicator] = _round(sum(scores) / len(scores)) if scores else None
    by_question = {c: (_round(per_question[c]) if c in per_question else None) for c in grouped}
    return SurveyResult(total, tuple(results), indicators, by_question)


def iit_source(ita_year: int) -> tuple[int | None, tuple[SurveyQuestion, ...]]:
    """The IIT questions for a fiscal year and the framework year they come from.

    The year's framework in force (`framework_for`: saved, shipped or carried forward); a year
    whose framework lists no IIT questions (2566 on: the sources do not give them) asks those of
    the latest earlier year that does, every one marked unverified."""
    from prongsai.ita.results import framework_for  # ita.results needs the app registry

    year = ita_year
    while True:
        try:
            framework = framework_for(year)
        except FrameworkError:
            return None, ()
        flagged = "iit_questions" in framework.unverified_parts or year != ita_year
        leaves = tuple(
            q for top in framework.questions if top.tool == "IIT" for q in _leaves(top, flagged)
        )
        if leaves:
            return year, leaves
        year -= 1


def iit_questions(ita_year: int) -> tuple[SurveyQuestion, ...]:
    return iit_source(ita_year)[1]


def _leaves(top, flagged: bool) -> tuple[SurveyQuestion, ...]:
    """What a respondent answers: the question itself, or each of its sub-items."""
    if not top.sub_items:
        if top.scale not in SCALES:
            return ()
        return (SurveyQuestion(top.code, top.indicator, top.text_th, top.scale, top.unverified or flagged),)
    return tuple(
        SurveyQuestion(
            s.code, s.indicator, s.text_th, s.scale, s.unverified or top.unverified or flagged,
            parent=top.code, parent_text_th=top.text_th,
        )
        for s in top.sub_items
        if s.scale in SCALES
    )  # fmt: skip
