"""Drafting from the seed's ITA 2564 result, and the coverage check on the seed's own plan."""

import pytest

from prongsai.ita import recommendations
from prongsai.ita.framework import load_framework
from prongsai.ita.recommendations import load_library
from prongsai.plans import content, coverage, drafting
from prongsai.plans.models import Measure, Step
from prongsai.plans.tests.factories import make_measure, make_plan, make_seed_org, make_step

pytestmark = pytest.mark.django_db
FOLLOW_UP = "กำกับติดตามโดยผู้บังคับบัญชา และปลัดเทศบาล"
SEED_TITLES = [
    "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ",
    "มาตรการการมีส่วนร่วมของภาคประชาชน",
]


def test_the_seed_draft_proposes_the_seed_measures_with_units_periods_and_follow_up():
    org, _units = make_seed_org()
    plan, draft = drafting.draft_plan(org, 2565, lowest_only=True)
    rows = content.measure_rows(plan)
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [r.title for r in rows][:2] == SEED_TITLES
    assert rows[0].units == ["กองคลัง"]
    assert rows[0].steps[0].startswith("จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ")
    # "สำนักปลัด" in the library is the organisation's สำนักปลัดเทศบาล, not one of its sub-units
    assert {tuple(r.units) for r in rows[1:4]} == {("สำนักปลัดเทศบาล",)}
    seed_rows = [r for r in rows if r.number != 5]
    assert {r.period_th for r in seed_rows} == {"ก.พ.๖๕-เม.ย.๖๕"}
    assert {r.follow_up for r in rows} == {FOLLOW_UP}
    assert "จัดซื้อจัดจ้าง" in rows[4].title
    assert draft.warnings == []
    assert plan.title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"
    assert plan.source_result.year == 2564
    assert coverage.check(plan).gaps == []


def test_the_default_draft_covers_every_weak_point():
    org, _ = make_seed_org()
    plan, _draft = drafting.draft_plan(org, 2565)
    check = coverage.check(plan)
    assert check.ok, check
    assert Measure.objects.for_org(org).filter(plan=plan).count() == 12
    assert not Step.objects.for_org(org).filter(unit__isnull=True).exists()


def test_without_the_previous_year_result_nothing_is_drafted():
    org, _ = make_seed_org()
    with pytest.raises(drafting.DraftError, match="2565"):
        drafting.draft_plan(org, 2566)


def test_a_second_draft_for_the_same_year_is_refused_and_nothing_changes():
    org, _ = make_seed_org()
    drafting.draft_plan(org, 2565)
    with pytest.raises(drafting.DraftError):
        drafting.draft_plan(org, 2565)
    assert Measure.objects.for_org(org).count() == 12


def test_an_unmatched_unit_leaves_the_steps_blank_and_warns():
    org, units = make_seed_org()
    units["กองคลัง"].name_th = "กองการเงิน"
    units["กองคลัง"].save()
    plan, draft = drafting.draft_plan(org, 2565, lowest_only=True)
    assert any("กองคลัง" in w for w in draft.warnings)
    assert 1 in coverage.check(plan).steps_without_unit


def test_unit_matching_prefers_exact_then_prefix_then_containment():
    _org, units = make_seed_org()
    all_units = list(units.values())
    assert drafting.match_unit("กองคลัง", all_units) == units["กองคลัง"]
    assert drafting.match_unit("สำนักปลัด", all_units) == units["สำนักปลัดเทศบาล"]
    assert drafting.match_unit("งานวิเคราะห์นโยบาย", all_units) == units["งานวิเคราะห์นโยบายและแผน"]
    assert drafting.match_unit("กองสาธารณสุข", all_units) is None


# The seed memo's own plan, as printed: measures 1, 2, 3, 4, 6, 7 (no 5, no procurement measure).
# The printed plan names no targets; each row addresses what its library equivalent addresses.
SEED_PLAN = [
    (1, "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ", "กองคลัง", "property-use-standard"),
    (2, "มาตรการการมีส่วนร่วมของภาคประชาชน", "สำนักปลัดเทศบาล", "citizen-participation"),
    (3, "ข้อมูลพื้นฐานเกี่ยวกับประเด็นข้อมูลผู้บริหาร", "สำนักปลัดเทศบาล", "executive-direct-contact"),
    (4, "การบริหารงานในด้านแผนดำเนินงาน", "สำนักปลัดเทศบาล", "operation-plan-reporting"),
    (6, "การบริหารและพัฒนาทรัพยากรบุคคล", "สำนักปลัดเทศบาล", "hr-policy"),
    (7, "มาตรการรับเรื่องราวร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่เทศบาลตำบลบ่อพลอย",
     "สำนักปลัดเทศบาล", "complaint-centre"),
]  # fmt: skip


def test_the_seed_plan_as_printed_is_warned_of_the_gap_at_5_and_the_procurement_sub_indicator():
    org, units = make_seed_org()
    plan = make_plan(org, 2565)
    framework, library = load_framework(2564), load_library()
    for number, title, unit, code in SEED_PLAN:
        targets = sorted(recommendations.measure_targets(library.measure(code), framework))
        measure = make_measure(plan, number, title, units=[units[unit]], addresses=targets)
        make_step(measure, units[unit])
    check = coverage.check(plan)
    assert check.gaps == [5]
    assert dict(check.uncovered)["sub:9.3"] == "ตัวชี้วัดย่อย 9.3 การบริหารเงินงบประมาณ"
    assert not check.ok


def test_numbering_gaps_and_repeats():
    assert coverage.numbering_gaps([1, 2, 4, 4, 7]) == ([3, 5, 6], [4])
    assert coverage.numbering_gaps([]) == ([], [])
