"""The staff survey's prediction read like a published IIT result: beside last year's published
IIT, with its weak questions, through the same weak-point analysis and recommendations library
(`ita.analysis`, `ita.recommendations`) that a published result goes through.

Assumptions: a question is weak when its predicted score is below the pass mark (85, as for
indicators); a weak indicator's issues are its weak questions (its lowest question when none is
below the mark), in place of the framework's whole question list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from prongsai.ita import analysis, recommendations
from prongsai.ita.models import Result
from prongsai.ita.results import framework_for, library
from prongsai.participation import iit, scoring
from prongsai.participation.models import StaffSurvey

PASS_MARK = analysis.PASS_MARK


@dataclass(frozen=True)
class WeakQuestion:
    code: str
    indicator: int
    text_th: str
    score: Decimal
    unverified: bool


@dataclass(frozen=True)
class Row:
    indicator: int
    name_th: str
    predicted: Decimal | None
    published: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.predicted is None or self.published is None else self.predicted - self.published


@dataclass(frozen=True)
class StaffAnalysis:
    prediction: iit.Prediction
    previous: Result | None  # last year's published result (ITA year - 1)
    previous_tool: Decimal | None
    rows: list[Row]
    weak_questions: list[WeakQuestion]
    paragraphs: list[tuple[analysis.WeakPoint, str]]
    measures: list[recommendations.ProposedMeasure]


def weak_questions(result: scoring.SurveyResult, mark: Decimal | None = PASS_MARK) -> list[WeakQuestion]:
    """Questions below `mark` (None: every scored question), lowest first; a question with
    sub-items appears once, scored by the mean of its sub-items."""
    texts: dict[str, tuple[int, str, bool]] = {}
    for q in (r.question for r in result.questions):
        text = q.parent_text_th or q.text_th
        known = texts.get(q.question_code)
        texts[q.question_code] = (q.indicator, text, q.unverified or bool(known and known[2]))
    weak = [
        WeakQuestion(code, texts[code][0], texts[code][1], score, texts[code][2])
        for code, score in result.by_question.items()
        if score is not None and (mark is None or score < mark)
    ]
    return sorted(weak, key=lambda w: (w.score, w.indicator, w.code))


def _issues(point: analysis.WeakPoint, result: scoring.SurveyResult, weak: list[WeakQuestion]):
    """The indicator's weak questions; for the lowest of the tool that passes, its lowest question."""
    mine = [w for w in weak if w.indicator == point.indicator]
    if not mine:
        mine = [w for w in weak_questions(result, None) if w.indicator == point.indicator][:1]
    return tuple(
        analysis.Issue(w.code, w.text_th, score=w.score, unverified=w.unverified, source="questions")
        for w in mine
    )


def analyse(survey: StaffSurvey) -> StaffAnalysis:
    prediction = iit.survey_prediction(survey)
    framework = framework_for(survey.ita_year)
    previous = Result.objects.for_org(survey.organisation).filter(year=survey.ita_year - 1).first()
    group = framework.group(iit.IIT)
    published = previous.scores if previous else {}
    previous_tool = None
    if previous:
        previous_tool, _points = iit.tool_figures(
            framework_for(previous.year), {c: published.get(c) for c in group.indicators}
        )
    rows = [
        Row(c, framework.indicator(c).name_th, prediction.indicators.get(c), published.get(c))
        for c in group.indicators
    ]
    if not prediction.shown:
        return StaffAnalysis(prediction, previous, previous_tool, rows, [], [], [])
    result = prediction.result
    weak = weak_questions(result)
    scores = {c: v for c, v in result.indicators.items() if v is not None}
    points = [replace(p, issues=_issues(p, result, weak)) for p in analysis.weak_points(framework, scores)]
    lib = library()
    measures = recommendations.propose(lib, framework, points)
    paragraphs = [(p, recommendations.analysis_text(lib, framework, p)) for p in points]
    return StaffAnalysis(prediction, previous, previous_tool, rows, weak, paragraphs, measures)
