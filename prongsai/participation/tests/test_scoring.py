from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.participation import scoring

QUESTIONS = scoring.eit_questions(2564)


def test_the_questions_are_the_eit_questions_of_the_framework_marked_unverified():
    assert [q.code for q in QUESTIONS] == [f"e{n}" for n in range(1, 16)]
    assert {q.indicator for q in QUESTIONS} == {6, 7, 8}
    assert all(q.unverified for q in QUESTIONS)
    assert QUESTIONS[3].scale == "yesno_negative"  # e4: being asked for a bribe; "มี" is the bad answer


def test_it_scores_a_hand_computed_example():
    responses = [
        {"e1": 3, "e2": 3, "e3": 0, "e4": 1},  # 100, 100, 0, ไม่มี = 100
        {"e1": 2, "e2": 3, "e4": 1},  # 66.67, 100, 100
        {"e1": 1, "e2": 3, "e4": 0},  # 33.33, 100, มี = 0
    ]
    result = scoring.score(QUESTIONS, responses)
    by_code = {q.question.code: q for q in result.questions}
    assert result.responses == 3
    assert by_code["e1"].score == Decimal("66.67")  # (100 + 66.67 + 33.33) / 3
    assert by_code["e1"].counts == (0, 1, 1, 1)
    assert by_code["e3"].score == Decimal("0.00") and by_code["e3"].answered == 1
    assert by_code["e4"].score == Decimal("66.67")  # (100 + 100 + 0) / 3
    assert by_code["e5"].score is None  # nobody answered: left out, not counted as 0
    # indicator 6 = mean of e1..e4 scores = (66.667 + 100 + 0 + 66.667) / 4 = 58.33
    assert result.indicators == {6: Decimal("58.33"), 7: None, 8: None}


def test_all_best_answers_predict_100_and_all_worst_predict_0():
    best = {
        q.code: (0 if q.scale in ("yesno_positive", "likert4_reversed") else len(q.options) - 1)
        for q in QUESTIONS
    }
    best["e4"] = 1  # ไม่มี
    worst = {q.code: len(q.options) - 1 - i for q, i in zip(QUESTIONS, best.values(), strict=True)}
    assert scoring.score(QUESTIONS, [best]).indicators == {6: Decimal(100), 7: Decimal(100), 8: Decimal(100)}
    assert scoring.score(QUESTIONS, [worst]).indicators == {6: Decimal(0), 7: Decimal(0), 8: Decimal(0)}


def test_clean_answers_drops_unknown_codes_and_out_of_range_values():
    raw = {"e1": "3", "e4": "2", "e2": "x", "zz": "1", "e6": "0"}
    assert scoring.clean_answers(QUESTIONS, raw) == {"e1": 3, "e6": 0}


def ita_formula(responses):
    """The ITA rule written independently: question = mean of points; indicator = mean of questions."""
    out = {}
    for indicator in (6, 7, 8):
        means = []
        for q in QUESTIONS:
            if q.indicator != indicator:
                continue
            points = [Fraction(q.points[r[q.code]]) for r in responses if q.code in r]
            if points:
                means.append(sum(points) / len(points))
        out[indicator] = sum(means) / len(means) if means else None
    return out


answers = st.fixed_dictionaries({}, optional={q.code: st.integers(0, len(q.options) - 1) for q in QUESTIONS})


@settings(max_examples=150, deadline=None)
@given(st.lists(answers, max_size=40))
def test_prediction_equals_the_ita_formula_on_random_answers(responses):
    result = scoring.score(QUESTIONS, responses)
    expected = ita_formula(responses)
    for indicator, value in result.indicators.items():
        if expected[indicator] is None:
            assert value is None
        else:
            assert abs(Fraction(value) - expected[indicator]) <= Fraction(1, 200)


@settings(max_examples=150, deadline=None)
@given(st.lists(answers, max_size=40))
def test_no_answer_is_counted_twice_or_lost(responses):
    result = scoring.score(QUESTIONS, responses)
    assert result.responses == len(responses)
    for q in result.questions:
        assert q.answered == sum(q.counts) == sum(1 for r in responses if q.question.code in r)
