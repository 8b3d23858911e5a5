from decimal import Decimal

import pytest
import yaml

from prongsai.ita.analysis import weak_points
from prongsai.ita.framework import DATA_DIR, load_framework, load_framework_from_text
from prongsai.ita.recommendations import (
    LIBRARY_PATH,
    LibraryError,
    Period,
    analysis_text,
    load_library,
    measure_targets,
    parse_period,
    propose,
    target_label,
    uncovered,
)
from prongsai.ita.scoring import oit_from_items

D = Decimal
SEED = dict(
    zip(
        range(1, 11),
        map(D, "85.59 79.95 80.50 77.10 84.98 80.33 80.63 72.58 72.21 87.50".split()),
        strict=True,
    )
)
# The seed memo's OIT failures, in ITA 2564 numbering: executives' information; the 6-month monitoring
# report and the annual report; procurement plan, monthly summaries and annual report; carrying out the
# HR policy; the corruption complaint channel; participation.
SEED_FAILED = ("o2", "o11", "o12", "o21", "o23", "o24", "o26", "o30", "o33")
SEED_MEASURES = [
    "property-use-standard",
    "citizen-participation",
    "executive-direct-contact",
    "operation-plan-reporting",
    "procurement-disclosure",
    "hr-policy",
    "complaint-centre",
]


def _items(framework, failed=SEED_FAILED):
    return {i.code: i.code not in failed for i in framework.oit_items}


def _seed():
    framework = load_framework(2564)
    items = _items(framework)
    return framework, items, weak_points(framework, SEED, items)


def _edited(edit) -> str:
    data = yaml.safe_load(LIBRARY_PATH.read_text(encoding="utf-8"))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _error(edit) -> LibraryError:
    with pytest.raises(LibraryError) as caught:
        load_library(_edited(edit))
    return caught.value


def _measure_entry(data, code):
    return next(m for m in data["measures"] if m["code"] == code)


# --- the shipped library -------------------------------------------------------------------


def test_the_shipped_library_loads():
    library = load_library()
    assert library.item_year == 2564
    assert len(library.measures) == 18
    assert sorted(a.indicator for a in library.analyses) == list(range(1, 11))


def test_every_2564_oit_item_has_a_measure_of_its_own():
    framework = load_framework(2564)
    library = load_library()
    named = set().union(*(measure_targets(m, framework) for m in library.measures))
    assert {f"item:{i.code}" for i in framework.oit_items} <= named
    assert {f"indicator:{c}" for c in framework.indicator_codes} <= named


def test_the_seed_measures_carry_no_unverified_flag_and_drafted_ones_do():
    library = load_library()
    assert [m.code for m in library.measures if not m.unverified] == [
        c for c in SEED_MEASURES if c != "procurement-disclosure"
    ]


def test_measures_take_the_defaults():
    measure = load_library().measure("executive-direct-contact")
    assert measure.period == Period(2, 4)
    assert measure.follow_up_th == "กำกับติดตามโดยผู้บังคับบัญชา และปลัดเทศบาล"
    assert measure.unit_th == "สำนักปลัด"


# --- the seed result -------------------------------------------------------------------------


def test_the_seed_items_reproduce_the_corrected_indicator_9():
    # REPORT §3: 72.21 fits no single reading of the memo's list; 71.21 (a one-digit slip) does.
    framework, items, _ = _seed()
    assert oit_from_items(framework, items)[9] == D("71.21")


def test_it_proposes_each_of_the_seed_measures_first_in_the_seed_order():
    framework, items, points = _seed()
    proposed = propose(load_library(), framework, points, items)
    assert [m.code for m in proposed][:7] == SEED_MEASURES
    assert [m.number for m in proposed] == list(range(1, len(proposed) + 1))


def test_it_proposes_the_procurement_measure_the_seed_forgot():
    framework, items, points = _seed()
    procurement = next(m for m in propose(load_library(), framework, points, items) if m.number == 5)
    assert procurement.code == "procurement-disclosure"
    assert [a.target for a in procurement.addresses] == ["item:o21", "item:o23", "item:o24"]
    assert procurement.addresses[1].title_th == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert procurement.period_th(2565) == "ก.พ.๖๕-ก.ย.๖๕"


def test_lowest_only_gives_exactly_the_seed_plan():
    framework, items, points = _seed()
    proposed = propose(load_library(), framework, points, items, lowest_only=True)
    assert [m.code for m in proposed] == SEED_MEASURES


def test_the_other_weak_indicators_follow_the_seed_measures():
    framework, items, points = _seed()
    proposed = propose(load_library(), framework, points, items)
    assert [(m.code, [a.target for a in m.addresses]) for m in proposed[7:]] == [
        ("budget-transparency", ["indicator:2"]),
        ("fair-use-of-authority", ["indicator:3"]),
        ("anti-corruption-commitment", ["indicator:5"]),
        ("service-standard", ["indicator:6"]),
        ("public-communication", ["indicator:7"]),
    ]


def test_a_measure_for_several_weak_points_appears_once_listing_them_all():
    framework, items, points = _seed()
    proposed = propose(load_library(), framework, points, items)
    participation = [m for m in proposed if m.code == "citizen-participation"]
    assert len(participation) == 1
    assert [(a.target, a.title_th) for a in participation[0].addresses] == [
        ("indicator:8", "การปรับปรุงระบบการทำงาน"),
        ("item:o33", "การเปิดโอกาสให้เกิดการมีส่วนร่วม"),
    ]
    assert len({m.code for m in proposed}) == len(proposed)


def test_nothing_is_uncovered_for_the_seed():
    framework, items, points = _seed()
    library = load_library()
    assert uncovered(framework, points, items, propose(library, framework, points, items)) == []
    assert uncovered(framework, points, items, library.measures) == []


def test_the_seed_plan_alone_leaves_the_other_weak_indicators_uncovered():
    framework, items, points = _seed()
    seed_plan = propose(load_library(), framework, points, items, lowest_only=True)
    missing = uncovered(framework, points, items, seed_plan)
    assert missing == ["indicator:2", "indicator:3", "indicator:5", "indicator:6", "indicator:7"]
    assert target_label(framework, missing[0]) == "ตัวชี้วัดที่ 2 การใช้งบประมาณ"


def test_measures_keep_their_steps_unit_period_and_follow_up():
    framework, items, points = _seed()
    first = propose(load_library(), framework, points, items)[0]
    assert first.title_th == "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ"
    assert first.steps_th[0].startswith("จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ")
    assert first.unit_th == "กองคลัง"
    assert first.period_th() == "ก.พ.-เม.ย."
    assert first.period_th(2565) == "ก.พ.๖๕-เม.ย.๖๕"
    assert first.follow_up_th == "กำกับติดตามโดยผู้บังคับบัญชา และปลัดเทศบาล"


# --- other results ---------------------------------------------------------------------------


def test_for_a_perfect_result_nothing_is_proposed():
    framework = load_framework(2564)
    items = _items(framework, failed=())
    points = weak_points(framework, {c: D(100) for c in range(1, 11)}, items)
    assert points  # the lowest of each tool is still listed
    assert propose(load_library(), framework, points, items) == []
    assert uncovered(framework, points, items, []) == []


def test_a_passing_lowest_indicator_below_100_still_gets_a_measure():
    framework = load_framework(2564)
    items = _items(framework, failed=())
    scores = {c: D(100) for c in range(1, 11)} | {4: D("92.00")}
    proposed = propose(load_library(), framework, weak_points(framework, scores, items), items)
    assert [m.code for m in proposed] == ["property-use-standard"]


def test_a_failed_item_without_its_own_measure_falls_back_to_its_sub_indicator():
    def drop_o22(data):
        procurement = _measure_entry(data, "procurement-disclosure")
        procurement["addresses"] = [t for t in procurement["addresses"] if t != "item:o22"]

    library = load_library(_edited(drop_o22))
    framework = load_framework(2564)
    items = _items(framework, failed=("o22",))
    points = weak_points(framework, SEED, items)
    proposed = {m.code: m for m in propose(library, framework, points, items, lowest_only=True)}
    # sub:9.3 is named by the budget and the procurement measures alike
    assert {c for c, m in proposed.items() if "item:o22" in [a.target for a in m.addresses]} == {
        "budget-transparency",
        "procurement-disclosure",
    }
    # the budget measure, proposed for o22, also covers indicator 2
    assert uncovered(framework, points, items, proposed.values()) == [
        "indicator:3",
        "indicator:5",
        "indicator:6",
        "indicator:7",
    ]


def test_an_indicator_with_no_measure_shows_up_in_uncovered():
    def drop_property(data):
        data["measures"] = [m for m in data["measures"] if m["code"] != "property-use-standard"]

    library = load_library(_edited(drop_property))
    framework, items, points = _seed()
    proposed = propose(library, framework, points, items)
    assert "property-use-standard" not in [m.code for m in proposed]
    assert uncovered(framework, points, items, proposed) == ["indicator:4"]


def test_a_failed_sub_indicator_with_no_measure_shows_up_in_uncovered():
    framework, items, points = _seed()
    library = load_library()
    seed_plan = propose(library, framework, points, items, lowest_only=True)
    kept = [m for m in seed_plan if m.code != "procurement-disclosure"]
    assert uncovered(framework, [_point(points, 9)], items, kept) == ["sub:9.3"]
    rows = [*kept, ["item:o21", "item:o23", "item:o24"]]  # a plan row naming the items covers them
    assert uncovered(framework, [_point(points, 9)], items, rows) == []
    # a measure naming the sub-indicator covers its items too (budget-transparency names sub:9.3)
    budget = library.measure("budget-transparency")
    assert uncovered(framework, [_point(points, 9)], items, [*kept, budget]) == []


def test_a_general_indicator_9_measure_does_not_cover_a_sub_indicator():
    framework, items, points = _seed()
    assert "sub:9.3" in uncovered(framework, points, items, [["indicator:9"]])


def test_without_item_results_it_proposes_for_every_listed_sub_indicator():
    framework = load_framework(2564)
    points = [p for p in weak_points(framework, SEED) if p.indicator == 9]
    proposed = propose(load_library(), framework, points)
    assert [m.code for m in proposed] == [
        "web-disclosure",
        "operation-plan-reporting",
        "procurement-disclosure",
        "budget-transparency",
        "hr-policy",
        "citizen-participation",
        "complaint-centre",
    ]
    assert [a.target for a in proposed[0].addresses] == ["sub:9.1"]


def test_items_are_matched_by_title_in_another_year():
    framework = load_framework(2566)
    library = load_library()
    direct = measure_targets(library.measure("executive-direct-contact"), framework)
    o2 = next(i for i in framework.oit_items if i.title_th == "ข้อมูลผู้บริหาร")
    assert direct == {f"item:{o2.code}"}
    items = _items(framework, failed=(o2.code,))
    points = weak_points(framework, SEED, items)
    assert "executive-direct-contact" in [m.code for m in propose(library, framework, points, items)]


def _without_items(year: int):
    data = yaml.safe_load((DATA_DIR / f"ita-{year}.yaml").read_text(encoding="utf-8"))
    data.pop("oit_sub_indicators", None)
    data["oit_items"] = None
    return load_framework_from_text(yaml.safe_dump(data, allow_unicode=True))


def test_a_year_without_oit_items_gets_the_indicator_measures():
    framework = _without_items(2567)
    points = [p for p in weak_points(framework, SEED) if p.indicator == 9]
    proposed = propose(load_library(), framework, points)
    assert [(m.code, [a.target for a in m.addresses]) for m in proposed] == [
        ("web-disclosure", ["indicator:9"]),
    ]


# --- the analysis paragraph ------------------------------------------------------------------


def _point(points, indicator):
    return next(p for p in points if p.indicator == indicator)


def test_the_indicator_4_paragraph_is_the_seed_memos():
    framework, items, points = _seed()
    text = analysis_text(load_library(), framework, _point(points, 4), items)
    assert text.startswith("จากผลคะแนนการประเมิน IIT หน่วยงานควรพัฒนาตัวชี้วัดด้านการใช้ทรัพย์สินของราชการ")
    assert "การยืมทรัพย์สิน" in text
    assert "แนวทางปฏิบัติ" in text and "กำกับดูแลและตรวจสอบ" in text


def test_the_indicator_8_paragraph_covers_improvement_and_participation():
    framework, items, points = _seed()
    text = analysis_text(load_library(), framework, _point(points, 8), items)
    assert "EIT" in text and "การปรับปรุงพัฒนาหน่วยงาน" in text and "มีส่วนร่วม" in text


def test_the_oit_paragraph_enumerates_the_failed_sub_indicators_in_thai_digits():
    framework, items, points = _seed()
    text = analysis_text(load_library(), framework, _point(points, 9), items)
    assert "๑) ข้อมูลพื้นฐาน เกี่ยวกับประเด็นข้อมูลผู้บริหาร ๒) การบริหารงาน" in text
    assert "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน และรายงานผลการดำเนินงานประจำปี" in text
    assert (
        "๓) การบริหารเงินงบประมาณ ในด้านการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ได้แก่ "
        "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน "
        "และรายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"
    ) in text
    assert "๔) การบริหารและพัฒนาทรัพยากรบุคคล เกี่ยวกับประเด็นการดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล" in text
    assert text.endswith("และการเปิดโอกาสให้เกิดการมีส่วนร่วม")
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_without_item_results_the_oit_paragraph_lists_the_sub_indicators():
    framework = load_framework(2564)
    point = _point(weak_points(framework, SEED), 9)
    text = analysis_text(load_library(), framework, point)
    assert text.endswith("๑) ข้อมูลพื้นฐาน ๒) การบริหารงาน ๓) การบริหารเงินงบประมาณ "
                         "๔) การบริหารและพัฒนาทรัพยากรบุคคล ๕) การส่งเสริมความโปร่งใส")  # fmt: skip


def test_an_indicator_without_a_paragraph_gets_the_default_one():
    def drop_indicator_2(data):
        data["indicators"] = [i for i in data["indicators"] if i["indicator"] != 2]

    framework, items, points = _seed()
    text = analysis_text(load_library(_edited(drop_indicator_2)), framework, _point(points, 2), items)
    assert text.startswith("จากผลคะแนนการประเมิน IIT หน่วยงานควรพัฒนาตัวชี้วัดด้านการใช้งบประมาณ")
    assert "๑) " in text  # the indicator's questions, numbered


def test_the_score_placeholder_prints_in_thai_digits():
    def with_score(data):
        data["indicators"][3]["analysis_th"] = "ตัวชี้วัดที่ {indicator} ได้ {score} คะแนน"

    framework, _, points = _seed()
    assert analysis_text(load_library(_edited(with_score)), framework, _point(points, 4)) == (
        "ตัวชี้วัดที่ ๔ ได้ ๗๗.๑๐ คะแนน"
    )


# --- a bad library -------------------------------------------------------------------------


def _hr(**changes):
    return lambda data: _measure_entry(data, "hr-policy").update(changes)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (_hr(unit_th=None), "measures.hr-policy.unit_th"),
        (_hr(addresses=["item:o99"]), "measures.hr-policy.addresses"),
        (_hr(addresses=["o25"]), "measures.hr-policy.addresses"),
        (_hr(addresses=[]), "measures.hr-policy.addresses"),
        (_hr(steps_th="one step"), "measures.hr-policy.steps_th"),
        (_hr(period="เม.ย.-ก.พ."), "measures.hr-policy.period"),
        (_hr(period="Feb-Apr"), "measures.hr-policy.period"),
        (_hr(unverified="yes"), "measures.hr-policy.unverified"),
        (_hr(step_th=["x"]), "measures.hr-policy.step_th"),
        (_hr(code="HR Policy"), "measures[5].code"),
        (_hr(code="complaint-centre"), "measures.complaint-centre"),
        (_hr(item_year=2599), "measures.hr-policy.item_year"),
        (lambda d: d["indicators"][0].update(analysis_th="ด้าน{indicator_name}"), "indicators.1.analysis_th"),
        (lambda d: d["indicators"][0].update(analysis_th="ด้าน{tool"), "indicators.1.analysis_th"),
        (lambda d: d["indicators"][1].update(indicator=1), "indicators.1"),
        (lambda d: d.update(item_year="2564"), "item_year"),
        (lambda d: d.update(measures={"a": 1}), "measures"),
    ],
)
def test_a_bad_field_raises_library_error_naming_it(edit, field):
    error = _error(edit)
    assert error.field == field
    assert error.message_th and error.message_en


def test_broken_yaml_raises_library_error():
    with pytest.raises(LibraryError) as caught:
        load_library("measures: [unclosed")
    assert caught.value.field == "text"


def test_an_edited_copy_replaces_the_shipped_text():
    def retitle(data):
        _measure_entry(data, "hr-policy")["unit_th"] = "งานการเจ้าหน้าที่ สำนักปลัด"

    assert load_library(_edited(retitle)).measure("hr-policy").unit_th == "งานการเจ้าหน้าที่ สำนักปลัด"


# --- periods ---------------------------------------------------------------------------------


def test_periods_read_thai_month_ranges_in_fiscal_order():
    assert parse_period("ก.พ.-เม.ย.") == Period(2, 4)
    assert parse_period("มี.ค.").text_th == "มี.ค."
    spanning = parse_period("พ.ย. - ม.ค.")
    assert spanning.fiscal_offsets == (2, 4)
    assert spanning.text_for(2566) == "พ.ย.๖๕-ม.ค.๖๖"
    assert parse_period("ต.ค.-ก.ย.").fiscal_offsets == (1, 12)
