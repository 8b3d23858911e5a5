from decimal import Decimal

import yaml

from prongsai.ita.analysis import FALLBACK_TOPICS, issues_for, peer_rank, weak_points, year_over_year
from prongsai.ita.framework import DATA_DIR, load_framework, load_framework_from_text

D = Decimal
SEED = dict(
    zip(
        range(1, 11),
        map(D, "85.59 79.95 80.50 77.10 84.98 80.33 80.63 72.58 72.21 87.50".split()),
        strict=True,
    )
)


def _by_code(points):
    return {p.indicator: p for p in points}


def test_it_lists_indicators_below_85_and_the_lowest_of_each_tool():
    points = _by_code(weak_points(load_framework(2564), SEED))
    assert sorted(points) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert {c for c, p in points.items() if p.lowest_in_group} == {4, 8, 9}
    assert all(p.below_pass_mark for p in points.values())


def test_it_lists_the_lowest_of_each_tool_even_when_all_pass():
    scores = {c: D(95) for c in range(1, 11)} | {2: D("90.00"), 7: D("88.00"), 10: D("86.00")}
    points = weak_points(load_framework(2564), scores)
    assert [(p.indicator, p.below_pass_mark, p.lowest_in_group) for p in points] == [
        (2, False, True),
        (7, False, True),
        (10, False, True),
    ]


def test_it_honours_a_different_pass_mark():
    points = _by_code(weak_points(load_framework(2564), SEED, pass_mark=80))
    assert sorted(points) == [2, 4, 8, 9]  # 79.95 is below 80


def test_indicator_4_issues_cover_borrowing_guidelines_and_supervision():
    issues = issues_for(load_framework(2564), 4)
    assert [i.code for i in issues] == ["i19", "i20", "i21", "i22", "i23", "i24"]
    texts = " ".join(i.text_th for i in issues)
    assert "ยืมทรัพย์สิน" in texts and "แนวปฏิบัติ" in texts and "กำกับดูแลและตรวจสอบ" in texts
    assert all(i.source == "questions" and not i.unverified for i in issues)


def test_indicator_8_issues_cover_improvement_and_participation():
    issues = issues_for(load_framework(2564), 8)
    texts = " ".join(i.text_th for i in issues)
    assert "ปรับปรุง" in texts and "มีส่วนร่วม" in texts
    assert all(i.unverified for i in issues)  # EIT topics are from recollection (eit_questions_note)


def test_questions_with_sub_items_read_as_one_issue():
    i30 = next(i for i in issues_for(load_framework(2564), 5) if i.code == "i30")
    assert "ติดตามผลการร้องเรียน" in i30.text_th


def test_it_names_failed_oit_items_with_code_title_and_sub_indicator_score():
    f64 = load_framework(2564)
    answers = {i.code: True for i in f64.oit_items} | {"o19": False, "o23": False, "o42": False}
    points = _by_code(weak_points(f64, SEED, item_results=answers))
    nine = [(i.code, i.score) for i in points[9].issues]
    assert nine == [("9.3", D("71.43")), ("o19", None), ("o23", None)]
    assert points[9].issues[1].text_th == "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ ประจำปี รอบ 6 เดือน"
    assert [i.code for i in issues_for(f64, 10, answers)] == ["10.2", "o42"]


def test_without_items_oit_issues_are_the_sub_indicators():
    issues = issues_for(load_framework(2564), 9)
    assert [(i.code, i.text_th) for i in issues][:2] == [("9.1", "ข้อมูลพื้นฐาน"), ("9.2", "การบริหารงาน")]


def test_it_falls_back_to_the_topic_table_where_the_year_has_no_questions():
    issues = issues_for(load_framework(2566), 4)
    assert [i.text_en for i in issues] == [en for _, en in FALLBACK_TOPICS[4]]
    assert "borrowing" in issues[0].text_en
    assert all(i.unverified and i.source == "topics" for i in issues)
    data = yaml.safe_load((DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8"))
    data.pop("oit_sub_indicators")
    data["oit_items"] = None  # a year whose OIT list nobody knows yet
    without_items = load_framework_from_text(yaml.safe_dump(data, allow_unicode=True))
    assert [i.source for i in issues_for(without_items, 9)] == ["topics"]


def test_the_topic_table_covers_every_indicator():
    assert sorted(FALLBACK_TOPICS) == list(range(1, 11))


def test_year_over_year_gives_the_change_per_indicator():
    changes = year_over_year({1: D("80.00"), 2: D("90")}, {1: D("85.50"), 3: D("70")})
    assert [(c.indicator, c.previous, c.current, c.delta) for c in changes] == [
        (1, D("80.00"), D("85.50"), D("5.50")),
        (2, D("90"), None, None),
        (3, None, D("70"), None),
    ]


def test_peer_rank_shares_ranks_on_ties():
    peers = [D("90"), D("85"), D("85"), D("70")]
    assert peer_rank(D("85"), peers) == (2, D("75.00"))
    assert peer_rank(D("95"), peers) == (1, D("100.00"))
    assert peer_rank(D("60"), peers) == (5, D("0.00"))
    assert peer_rank(D("60"), []) == (1, D("100.00"))
