"""The IIT prediction is the ITA arithmetic: sub-items → question → indicator → IIT, as a
published result is scored (`ita.scoring`); tested like the EIT one (test_scoring.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.ita import scoring as ita_scoring
from prongsai.ita.framework import load_framework
from prongsai.participation import iit, scoring
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db

FRAMEWORK = load_framework(2564)
QUESTIONS = tuple(q for top in FRAMEWORK.questions if top.tool == "IIT" for q in scoring._leaves(top, False))


def test_the_questions_are_the_frameworks_i1_to_i30_with_their_sub_items():
    year, questions = scoring.iit_source(2564)
    assert year == 2564 and questions == QUESTIONS
    assert len({q.question_code for q in questions}) == 30
    assert {q.indicator for q in questions} == {1, 2, 3, 4, 5}
    by_code = {q.code: q for q in questions}
    assert by_code["i1.2"].parent == "i1" and by_code["i1.2"].text_th == "เป็นไปตามระยะเวลาที่กำหนด"
    assert by_code["i4.1"].scale == "yesno_negative" and by_code["i9"].scale == "likert4_reversed"
    assert not any(q.unverified for q in questions)  # 2564's IIT form is verified (REPORT §1.7)


def test_a_year_without_its_own_questions_asks_an_earlier_years_marked_unverified():
    current = fiscal_year_of(timezone.localdate())
    for year in (2565, 2568, current):
        source, questions = scoring.iit_source(year)
        assert source is not None and source <= min(year, 2565)
        assert len({q.question_code for q in questions}) == 30
        assert all(q.unverified for q in questions)


def test_a_hand_computed_example():
    responses = [
        {"i1.1": 3, "i1.2": 2, "i2": 0, "i4.1": 1},  # i1 = (100 + 66.67) / 2; i2 = 0; i4.1 ไม่มี = 100
        {"i1.1": 1, "i4.1": 0},  # i1.1 = 33.33; i4.1 มี = 0
    ]
    result = scoring.score(QUESTIONS, responses)
    # i1.1 = (100 + 33.33) / 2 = 66.67; i1.2 = 66.67; i1 = 66.67; i2 = 0; i4 = mean(i4.1) = 50
    assert result.by_question["i1"] == Decimal("66.67")
    assert result.by_question["i4"] == Decimal("50.00")
    assert result.by_question["i3"] is None
    # indicator 1 = mean of i1, i2, i4 = (66.667 + 0 + 50) / 3 = 38.89
    assert result.indicators == {1: Decimal("38.89"), 2: None, 3: None, 4: None, 5: None}


def ita_formula(responses):
    """Written independently: sub-item = mean points; question = mean of its sub-items;
    indicator = mean of its questions (unanswered ones left out)."""
    questions: dict[str, list] = {}
    for q in QUESTIONS:
        questions.setdefault(q.question_code, []).append(q)
    out = {}
    for indicator in (1, 2, 3, 4, 5):
        means = []
        for items in questions.values():
            if items[0].indicator != indicator:
                continue
            item_means = []
            for q in items:
                points = [Fraction(q.points[r[q.code]]) for r in responses if q.code in r]
                if points:
                    item_means.append(sum(points) / len(points))
            if item_means:
                means.append(sum(item_means) / len(item_means))
        out[indicator] = sum(means) / len(means) if means else None
    return out


answers = st.fixed_dictionaries({}, optional={q.code: st.integers(0, len(q.options) - 1) for q in QUESTIONS})
full_answers = st.fixed_dictionaries({q.code: st.integers(0, len(q.options) - 1) for q in QUESTIONS})


@settings(max_examples=120, deadline=None)
@given(st.lists(answers, max_size=30))
def test_prediction_equals_the_ita_formula_on_random_answers(responses):
    result = scoring.score(QUESTIONS, responses)
    expected = ita_formula(responses)
    for indicator, value in result.indicators.items():
        if expected[indicator] is None:
            assert value is None
        else:
            assert abs(Fraction(value) - expected[indicator]) <= Fraction(1, 200)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(full_answers, min_size=1, max_size=20), st.lists(st.integers(0, 10000), min_size=5, max_size=5)
)
def test_the_iit_score_is_what_the_ita_formula_gives_for_those_indicators(responses, others):
    """IIT as % of its maximum and its points of the total, against `ita.scoring` itself."""
    result = scoring.score(QUESTIONS, responses)
    tool, points = iit.tool_figures(FRAMEWORK, result.indicators)
    scores = {
        **result.indicators,
        **{c: Decimal(v) / 100 for c, v in zip((6, 7, 8, 9, 10), others, strict=True)},
    }
    assert tool == ita_scoring.group_scores(FRAMEWORK, scores)["IIT"]
    assert points == ita_scoring.group_points(FRAMEWORK, scores)["IIT"]


def test_all_best_answers_predict_100_and_all_worst_predict_0():
    best = {q.code: (0 if q.points[0] > q.points[-1] else len(q.options) - 1) for q in QUESTIONS}
    worst = {q.code: len(q.options) - 1 - i for q, i in zip(QUESTIONS, best.values(), strict=True)}
    assert set(scoring.score(QUESTIONS, [best]).indicators.values()) == {Decimal(100)}
    assert set(scoring.score(QUESTIONS, [worst]).indicators.values()) == {Decimal(0)}
    assert iit.tool_figures(FRAMEWORK, scoring.score(QUESTIONS, [best]).indicators) == (
        Decimal(100),
        Decimal(30),
    )
