from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from prongsai.ita.framework import (
    DATA_DIR,
    FrameworkError,
    available_years,
    load_all,
    load_framework,
    load_framework_from_text,
)

SHARED = Path("/work/shared/ita")


def _text(year: int) -> str:
    return (DATA_DIR / f"ita-{year}.yaml").read_text(encoding="utf-8")


def _edited(year: int, edit) -> str:
    data = yaml.safe_load(_text(year))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_it_has_every_year_from_2563_to_2568():
    assert available_years() == [2563, 2564, 2565, 2566, 2567, 2568]
    assert set(load_all()) == set(available_years())


@pytest.mark.skipif(not SHARED.is_dir(), reason="research folder not mounted")
@pytest.mark.parametrize("year", [2564, 2565, 2566])
def test_it_keeps_the_research_files_unchanged(year):
    assert _text(year) == (SHARED / f"ita-{year}.yaml").read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED.is_dir(), reason="research folder not mounted")
@pytest.mark.parametrize("year", [2567, 2568])
def test_the_filled_years_keep_every_researched_fact(year):
    """2567 and 2568 were filled in (issue 15); what the research found is still there."""
    research = yaml.safe_load((SHARED / f"ita-{year}.yaml").read_text(encoding="utf-8"))
    ours = yaml.safe_load(_text(year))
    for key in ("groups", "indicators", "result_levels", "pass_mark", "national_result", "sources"):
        assert ours[key] == research[key], key
    titles = {i.code: i.title_th for i in load_framework(year).oit_items}
    for item in research["oit_items"] or []:
        if item["title_th"]:
            assert item["title_th"].startswith(titles[item["code"]].split(" (")[0][:20]), item["code"]


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566, 2567, 2568])
def test_it_loads_ten_indicators_weighing_100(year):
    framework = load_framework(year)
    assert framework.year == year
    assert framework.indicator_codes == tuple(range(1, 11))
    assert sum(i.weight for i in framework.indicators) == 100
    assert [g.weight_total for g in framework.groups] == [30, 30, 40]


def test_it_uses_6_10_20_weights():
    weights = [i.weight for i in load_framework(2564).indicators]
    assert weights == [6, 6, 6, 6, 6, 10, 10, 10, 20, 20]


@pytest.mark.parametrize(
    ("year", "kind"),
    [(2563, "grade"), (2564, "grade"), (2565, "grade"), (2566, "level"), (2567, "level"), (2568, "level")],
)
def test_it_reads_letter_or_level_grading_per_year(year, kind):
    assert load_framework(year).grading.kind == kind


def test_it_reads_the_level_thresholds_from_the_rule_text():
    levels = load_framework(2568).grading.levels
    thresholds = [(lv.level, lv.min_total, lv.min_tool_pct) for lv in levels]
    assert thresholds == [
        ("ผ่านดีเยี่ยม", 95, 95),
        ("ผ่านดี", 85, 85),
        ("ผ่าน", 85, None),
        ("ต้องปรับปรุง", 70, None),
        ("ต้องปรับปรุงโดยด่วน", None, None),
    ]


def test_it_builds_2563_from_2564_and_flags_what_2563_lacks():
    f63, f64 = load_framework(2563), load_framework(2564)
    assert f63.fiscal_year_ad == 2020
    assert [s.id for s in f63.sources] == [s.id for s in f64.sources]
    assert [i.weight for i in f63.indicators] == [i.weight for i in f64.indicators]
    assert not any(i.unverified for i in f63.indicators)  # weights checked on 2563 provincial data
    assert f63.grading.bands == f64.grading.bands
    assert len(f63.oit_items) == 43 and all(i.unverified and i.note for i in f63.oit_items)
    assert all(q.unverified for q in f63.questions)
    assert {"oit_items", "iit_questions", "oit_rule"} <= set(f63.unverified_parts)


def test_it_marks_assumed_weights_unverified_with_a_note():
    f65 = load_framework(2565)
    assert all(i.unverified and i.note for i in f65.indicators)
    assert "weights" in f65.unverified_parts
    assert "weights" not in load_framework(2564).unverified_parts


def test_it_resolves_same_as_from_the_other_year():
    f65 = load_framework(2565)
    assert f65.oit_item_rule
    assert len([q for q in f65.questions if q.tool == "IIT"]) == 30
    assert all(q.unverified for q in f65.questions)
    assert f65.examples == ()  # 2564's examples are 2564 data, not 2565's


def test_it_knows_which_years_have_the_oit_item_rule():
    rules = {year: f.oit_item_rule for year, f in load_all().items()}
    assert rules == {2563: True, 2564: True, 2565: True, 2566: False, 2567: False, 2568: False}


def test_it_carries_item_flags_for_badges():
    f64 = load_framework(2564)
    o42 = next(i for i in f64.oit_items if i.code == "o42")
    assert (o42.indicator, o42.sub_indicator, o42.unverified, o42.requirement_unverified) == (
        10,
        "10.2",
        False,
        True,
    )
    f68 = load_framework(2568)
    o2 = next(i for i in f68.oit_items if i.code == "o2")
    assert o2.title_th == "ข้อมูลผู้บริหาร" and o2.unverified and "not in RTRDA_ITA" in o2.note
    assert all(i.unverified and i.sub_indicator for i in f68.oit_items)
    f67 = load_framework(2567)
    assert len(f67.oit_items) == 43 and all(i.unverified for i in f67.oit_items)
    assert "Candidate B" in f67.unverified_parts["oit_items"]


def test_it_derives_2566_sub_indicators_from_the_items():
    subs = load_framework(2566).oit_subindicators
    assert [(s.code, s.indicator) for s in subs] == [
        ("9.1", 9),
        ("9.2", 9),
        ("9.3", 9),
        ("9.4", 9),
        ("9.5", 9),
        ("10.1", 10),
        ("10.2", 10),
    ]
    assert all(s.unverified for s in subs)


def test_it_loads_an_admins_copy_like_the_file():
    from_text = load_framework_from_text(_text(2564), origin="edited")
    assert from_text == load_framework(2564)


def test_it_adds_a_year_from_data_alone():
    text = _edited(2568, lambda d: d.update(year=2569, fiscal_year_ad=2026, label="ITA 2569"))
    framework = load_framework_from_text(text)
    assert framework.year == 2569 and framework.grading.kind == "level"


def test_it_splits_a_missing_weight_equally_and_flags_it():
    def drop_weights(data):
        for indicator in data["indicators"]:
            indicator.pop("weight")

    framework = load_framework_from_text(_edited(2568, drop_weights))
    assert [i.weight for i in framework.indicators] == [6] * 5 + [10] * 3 + [20] * 2
    assert all(i.unverified and "equal split" in i.note for i in framework.indicators)


def test_it_accepts_explicit_level_thresholds():
    def explicit(data):
        data["result_levels"][1] = {"level": "ผ่านดี", "min_total": 85, "min_tool_pct": 80}

    assert load_framework_from_text(_edited(2568, explicit)).grading.levels[1].min_tool_pct == Decimal(80)


def _bad_weight(data):
    data["indicators"][0]["weight"] = 7


def _unknown_group(data):
    data["indicators"][0]["group"] = "XYZ"


def _bad_rule(data):
    data["result_levels"][0]["rule"] = "ดีมาก"


def _both_gradings(data):
    data["result_levels"] = [{"level": "ผ่าน", "rule": "total < 100"}]


def _bad_same_as(data):
    data["scoring"]["same_as"] = 2400


def _duplicate_indicator(data):
    data["indicators"][1]["code"] = 1


def _unknown_sub(data):
    data["oit_items"][0]["sub_indicator"] = "9.9"


def _text_weight(data):
    data["indicators"][0]["weight"] = "หก"


def _overlapping_bands(data):
    data["grade_bands"][1]["max"] = 96


def _no_year(data):
    del data["year"]


def _last_level_not_catch_all(data):
    data["result_levels"] = data["result_levels"][:2]


@pytest.mark.parametrize(
    ("year", "edit", "field"),
    [
        (2564, _bad_weight, "indicators.weight"),
        (2564, _unknown_group, "indicators[0].group"),
        (2568, _bad_rule, "result_levels[0].rule"),
        (2564, _both_gradings, "grade_bands/result_levels"),
        (2565, _bad_same_as, "scoring.same_as"),
        (2564, _duplicate_indicator, "indicators"),
        (2564, _unknown_sub, "oit_items[0].sub_indicator"),
        (2564, _text_weight, "indicators[0].weight"),
        (2564, _overlapping_bands, "grade_bands"),
        (2564, _no_year, "year"),
        (2568, _last_level_not_catch_all, "result_levels"),
    ],
)
def test_it_names_the_bad_field_in_thai_and_english(year, edit, field):
    with pytest.raises(FrameworkError) as caught:
        load_framework_from_text(_edited(year, edit), origin="edited")
    assert field in caught.value.field
    assert caught.value.message_th and caught.value.message_en
    assert caught.value.message_th in str(caught.value) and caught.value.message_en in str(caught.value)


def test_it_rejects_text_that_is_not_yaml():
    with pytest.raises(FrameworkError, match="YAML"):
        load_framework_from_text("year: [2564")
    with pytest.raises(FrameworkError, match="mapping"):
        load_framework_from_text("- 1\n- 2\n")


def test_it_reports_a_year_without_a_file():
    with pytest.raises(FrameworkError, match="2400"):
        load_framework(2400)
