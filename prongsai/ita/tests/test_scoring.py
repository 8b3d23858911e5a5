import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.ita.framework import load_all, load_framework
from prongsai.ita.scoring import (
    check,
    compute_total,
    feasible_oit_values,
    group_points,
    group_scores,
    normalise_scores,
    oit_from_items,
    one_digit_variants,
    possible_ratings,
    rate,
)

D = Decimal
SEED = dict(
    zip(
        range(1, 11),
        map(D, "85.59 79.95 80.50 77.10 84.98 80.33 80.63 72.58 72.21 87.50".split()),
        strict=True,
    )
)


def _scores(*values) -> dict[int, Decimal]:
    return dict(zip(range(1, 11), map(D, values), strict=True))


def _by_tool(iit, eit, oit) -> dict[int, Decimal]:
    return _scores(*[iit] * 5, *[eit] * 3, *[oit] * 2)


def _items(framework, passed_per_sub: dict[str, int]) -> dict[str, bool]:
    """Accept the first k items of each sub-indicator."""
    result = {}
    for sub in framework.oit_subindicators:
        items = [i for i in framework.oit_items if i.sub_indicator == sub.code]
        result |= {item.code: n < passed_per_sub.get(sub.code, len(items)) for n, item in enumerate(items)}
    return result


# --- the seed case: REPORT §3 ------------------------------------------------------------


def test_it_explains_the_79_58_municipality_exactly():
    result = check(load_framework(2564), SEED, reported_total=D("79.58"), reported_grade="B")
    assert (result.year, result.total, result.grade, result.level) == (2564, D("79.78"), "B", None)
    assert result.rating == "B" and result.mismatch
    assert len(result.explanations) == 3
    typo, eight, nine = result.explanations
    assert "typo in the total" in typo and "79.78" in typo and "79.58" in typo
    assert "indicator 8 = 70.58" in eight
    assert "indicator 9 = 71.21" in nine
    assert [(s.kind, s.indicator, s.candidate) for s in result.slips] == [
        ("total", None, D("79.58")),
        ("indicator", 8, D("70.58")),
        ("indicator", 9, D("71.21")),
    ]
    assert [(s.indicator, s.candidate) for s in result.ruled_out] == [(10, D("86.50"))]


def test_it_rules_out_86_50_but_not_71_21_under_the_2564_item_rule():
    f64 = load_framework(2564)
    assert D("86.50") not in feasible_oit_values(f64, 10)
    assert D("71.21") in feasible_oit_values(f64, 9)
    assert D("72.21") in feasible_oit_values(f64, 9)


def test_it_keeps_oit_slips_in_years_without_the_item_rule():
    f66 = load_framework(2566)
    scores = _scores(90, 90, 90, 90, 90, 90, 90, 90, 90, D("86.50"))
    reported = compute_total(f66, scores)
    result = check(f66, _scores(90, 90, 90, 90, 90, 90, 90, 90, 90, D("87.50")), reported_total=reported)
    assert (10, D("86.50")) in [(s.indicator, s.candidate) for s in result.slips]


def test_to_dict_is_json_ready_with_two_decimal_floats():
    data = check(load_framework(2564), SEED, D("79.58"), "B").to_dict()
    assert set(data) == {
        "year",
        "rating_kind",
        "total",
        "rating",
        "grade",
        "level",
        "group_scores",
        "reported_total",
        "reported_grade",
        "mismatch",
        "explanations",
        "slips",
        "ruled_out",
        "weak_indicators",
        "unverified",
    }
    assert data["total"] == 79.78 and data["reported_total"] == 79.58
    assert data["group_scores"] == {"IIT": 81.62, "EIT": 77.85, "OIT": 79.86}
    assert data["weak_indicators"] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# --- published results the weights must reproduce ---------------------------------------


def _examples():
    for year, framework in load_all().items():
        for example in framework.examples:
            if example.indicators:
                yield pytest.param(year, example, id=f"{year}:{example.unit}")


@pytest.mark.parametrize(("year", "example"), list(_examples()))
def test_it_reproduces_every_verification_example(year, example):
    """Sources: RPT64_G2_P168 (provincial means 2563/2564), named in total_formula_verified_by."""
    framework = load_framework(year)
    scores = dict(zip(framework.indicator_codes, example.indicators, strict=True))
    assert abs(compute_total(framework, scores) - example.reported_total) <= D("0.01")


def test_the_yaml_examples_cover_both_provinces_and_years():
    units = [e.unit for f in load_all().values() for e in f.examples if e.indicators]
    assert len(units) == 6  # ตราด and จันทบุรี, 2563 and 2564; 2563 ones also in ita-2563.yaml


@pytest.mark.parametrize(
    ("ind9", "ind10", "oit_part"), [("93.50", "100", "38.70"), ("97.50", "87.50", "37.00")]
)
def test_it_reproduces_the_phichit_oit_part(ind9, ind10, oit_part):
    """Source: RPT64_G6_P138, table 4.26 (OIT out of 40 = 0.2 × ind 9 + 0.2 × ind 10)."""
    scores = _scores(90, 90, 90, 90, 90, 90, 90, 90, ind9, ind10)
    assert group_points(load_framework(2564), scores)["OIT"] == D(oit_part)


def test_it_decomposes_phichit_values_into_items():
    """RPT64_G6_P138: 97.78 = one item missing in 9.1; 93.75 = one item missing in 10.1."""
    f64 = load_framework(2564)
    result = oit_from_items(f64, _items(f64, {"9.1": 8, "10.1": 7}))
    assert (result["9.1"], result[9], result["10.1"], result[10]) == (
        D("88.89"),
        D("97.78"),
        D("87.50"),
        D("93.75"),
    )


def test_it_scores_the_report_s_oit_breakdown():
    f64 = load_framework(2564)
    result = oit_from_items(f64, _items(f64, {"9.1": 8, "9.2": 6, "9.3": 4, "9.4": 4, "9.5": 2, "10.1": 6}))
    assert (result[9], result[10]) == (D("72.21"), D("87.50"))


def test_it_counts_unanswered_items_as_not_accepted():
    result = oit_from_items(load_framework(2565), {})
    assert result[9] == 0 and result[10] == 0


def test_it_refuses_item_scoring_without_a_rule_or_with_unknown_items():
    with pytest.raises(ValueError, match="no item-based OIT rule"):
        oit_from_items(load_framework(2566), {"o1": True})
    with pytest.raises(ValueError, match="o99"):
        oit_from_items(load_framework(2564), {"o99": True})


# --- letter grades (REPORT §1.3) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "total", "grade"),
    [
        (2564, "96.08", "AA"),
        (2564, "94.73", "A"),
        (2564, "91.10", "A"),
        (2564, "95.62", "AA"),
        (2565, "58.13", "D"),
        (2565, "74.57", "C"),
        (2565, "90.22", "A"),
        (2563, "67.54", "C"),
        (2564, "94.99", "A"),
        (2564, "95.00", "AA"),
        (2564, "84.995", "A"),
        (2564, "49.99", "F"),
        (2564, "50", "E"),
        (2564, "0", "F"),
        (2564, "100", "AA"),
    ],
)
def test_it_grades_letter_years(year, total, grade):
    assert rate(load_framework(year), D(total)) == grade
    assert possible_ratings(load_framework(year), D(total)) == [grade]


# --- result levels (REPORT §1.4) ----------------------------------------------------------


def test_it_rates_the_sao_2568_as_pass_because_its_eit_is_below_85():
    """MGR_2568: total 94.64 but EIT < 85, so ผ่าน and not ผ่านดี."""
    f68 = load_framework(2568)
    scores = _by_tool("99.00", "84.00", "99.35")
    result = check(f68, scores, reported_total=D("94.64"), reported_grade="ผ่าน")
    assert (result.total, result.level, result.grade, result.mismatch) == (D("94.64"), "ผ่าน", None, False)
    assert result.group_scores["EIT"] < 85


def test_it_flags_a_level_that_ignores_the_per_tool_rule():
    result = check(load_framework(2568), _by_tool("99.00", "84.00", "99.35"), D("94.64"), "ผ่านดี")
    assert result.mismatch and result.explanations == [
        "ผลที่รายงาน ผ่านดี ไม่ตรงกับที่คำนวณได้ ผ่าน (reported rating ผ่านดี differs from the computed ผ่าน)"
    ]


@pytest.mark.parametrize(
    ("year", "total", "level", "source"),
    [
        (2566, "86.78", "ผ่าน", "IPST_ITA67"),
        (2567, "91.15", "ผ่าน", "IPST_ITA67"),
        (2566, "97.90", "ผ่านดี", "SUNPUKWAN_2566"),
        (2567, "98.82", "ผ่านดีเยี่ยม", "UTTARADIT_NOTE"),
    ],
)
def test_published_levels_are_possible_for_their_totals(year, total, level, source):
    assert level in possible_ratings(load_framework(year), D(total)), source


@pytest.mark.parametrize(
    ("tools", "level"),
    [
        (("96", "95", "97"), "ผ่านดีเยี่ยม"),
        (("96", "94.99", "97"), "ผ่านดี"),
        (("90", "84.99", "95"), "ผ่าน"),
        (("80", "80", "80"), "ต้องปรับปรุง"),
        (("70", "70", "70"), "ต้องปรับปรุง"),
        (("69.99", "69.99", "69.99"), "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_it_walks_the_level_ladder(tools, level):
    f66 = load_framework(2566)
    scores = _by_tool(*tools)
    assert rate(f66, compute_total(f66, scores), group_scores(f66, scores)) == level


def test_it_needs_tool_scores_only_when_a_level_tests_them():
    f67 = load_framework(2567)
    assert rate(f67, D("80")) == "ต้องปรับปรุง"
    with pytest.raises(ValueError, match="tool scores"):
        rate(f67, D("90"))


def test_it_lists_every_level_a_bare_total_allows():
    f66 = load_framework(2566)
    assert possible_ratings(f66, D("86.78")) == ["ผ่านดี", "ผ่าน"]
    assert possible_ratings(f66, D("97.90")) == ["ผ่านดีเยี่ยม", "ผ่านดี"]
    assert possible_ratings(f66, D("100")) == ["ผ่านดีเยี่ยม"]
    assert possible_ratings(f66, D("69.99")) == ["ต้องปรับปรุงโดยด่วน"]


def test_it_marks_results_computed_with_unverified_weights():
    assert check(load_framework(2568), _by_tool(90, 90, 90)).unverified
    assert not check(load_framework(2564), SEED).unverified


# --- agreement and other explanations ----------------------------------------------------


def test_it_accepts_a_total_within_one_hundredth():
    result = check(load_framework(2564), SEED, reported_total=D("79.79"), reported_grade="b")
    assert not result.mismatch and result.explanations == [] and result.reported_grade == "B"


def test_it_says_so_when_no_single_digit_slip_explains_the_total():
    result = check(load_framework(2564), SEED, reported_total=D("12.34"))
    assert result.mismatch and result.slips == []
    assert "no single-digit slip" in result.explanations[0]


def test_it_reports_an_unknown_rating_word():
    result = check(load_framework(2566), _by_tool(90, 90, 90), reported_grade="A")
    assert result.mismatch and "not used in 2566" in result.explanations[0]


def test_it_rejects_missing_or_impossible_scores():
    f64 = load_framework(2564)
    with pytest.raises(ValueError, match="missing scores for indicators 10"):
        normalise_scores(f64, {c: 90 for c in range(1, 10)})
    with pytest.raises(ValueError, match="0–100"):
        normalise_scores(f64, {**SEED, 3: D("100.01")})


def test_one_digit_variants_stay_within_0_to_100():
    variants = one_digit_variants(D("72.58"))
    assert D("70.58") in variants and D("72.59") in variants and D("2.58") in variants
    assert all(0 <= v <= 100 for v in variants) and D("72.58") not in variants
    assert one_digit_variants(D("100")) == [D("0.00")]  # any other change passes 100


# --- properties --------------------------------------------------------------------------

score = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
ten_scores = st.lists(score, min_size=10, max_size=10).map(lambda v: dict(zip(range(1, 11), v, strict=True)))
years = st.sampled_from(sorted(load_all()))


@given(years, ten_scores)
def test_the_total_lies_between_the_lowest_and_highest_score(year, scores):
    total = compute_total(load_framework(year), scores)
    assert min(scores.values()) <= total <= max(scores.values())


@given(years, ten_scores, st.integers(min_value=1, max_value=10), score)
def test_the_total_never_falls_when_a_score_rises(year, scores, indicator, other):
    framework = load_framework(year)
    low, high = sorted((scores[indicator], other))
    assert compute_total(framework, {**scores, indicator: low}) <= compute_total(
        framework, {**scores, indicator: high}
    )


@settings(max_examples=50)
@given(ten_scores)
def test_a_correct_report_never_mismatches(scores):
    f64 = load_framework(2564)
    total = compute_total(f64, scores)
    assert not check(f64, scores, total, rate(f64, total)).mismatch
