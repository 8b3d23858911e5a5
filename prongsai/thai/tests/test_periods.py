from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.digits import to_thai_digits
from prongsai.thai.periods import (
    MonthPeriod,
    fiscal_year_period,
    format_period,
    parse_period,
    parse_plan_period,
    quarter_period,
)

SEED = MonthPeriod((2022, 2), (2022, 4))
YEAR_MONTHS = st.tuples(st.integers(1857, 9456), st.integers(1, 12))


@st.composite
def periods(draw):
    a, b = sorted([draw(YEAR_MONTHS), draw(YEAR_MONTHS)])
    return MonthPeriod(a, b)


@pytest.mark.parametrize(
    "text",
    [
        "ก.พ.๖๕-เม.ย.๖๕",
        "ก.พ. ๖๕ – เม.ย. ๖๕",
        "ก.พ. 65 - เม.ย. 65",
        "กุมภาพันธ์ ๒๕๖๕ – เมษายน ๒๕๖๕",
        "ก.พ. ๒๕๖๕ ถึง เม.ย. ๒๕๖๕",
        "ก.พ. - เม.ย. ๖๕",
        "ก.พ.๖๕—เม.ย.๖๕",
    ],
)
def test_it_parses_the_seed_period_in_its_written_forms(text):
    assert parse_period(text) == SEED


def test_seed_period_lies_within_fy2565():
    period = parse_period("ก.พ.๖๕-เม.ย.๖๕")
    assert period.within_fiscal_year(2565)
    assert not period.within_fiscal_year(2566)
    assert period.first_day == date(2022, 2, 1)
    assert period.last_day == date(2022, 4, 30)


def test_a_whole_fiscal_year():
    for text in ("ต.ค. ๒๕๖๔ – ก.ย. ๒๕๖๕", "ตุลาคม ๒๕๖๔ - กันยายน ๒๕๖๕"):
        period = parse_period(text)
        assert period == MonthPeriod((2021, 10), (2022, 9))
        assert period.within_fiscal_year(2565)
        assert len(period.months()) == 12


def test_a_single_month():
    period = parse_period("มี.ค. ๖๕")
    assert period == MonthPeriod((2022, 3), (2022, 3))
    assert format_period(period) == "มี.ค.๖๕"
    assert format_period(period, style="long") == "มีนาคม ๒๕๖๕"


def test_a_start_without_year_may_belong_to_the_year_before():
    assert parse_period("พ.ย. - ม.ค. ๖๖") == MonthPeriod((2022, 11), (2023, 1))


def test_it_formats_short_and_long():
    assert format_period(SEED) == "ก.พ.๖๕-เม.ย.๖๕"
    assert format_period(SEED, style="long") == "กุมภาพันธ์ ๒๕๖๕ – เมษายน ๒๕๖๕"
    assert format_period(SEED, thai_digits=False) == "ก.พ.65-เม.ย.65"


def test_contains_and_leap_february():
    period = MonthPeriod((2024, 2), (2024, 2))
    assert period.last_day == date(2024, 2, 29)
    assert period.contains(date(2024, 2, 29))
    assert not period.contains(date(2024, 3, 1))
    assert not period.contains(date(2024, 1, 31))


def test_period_crossing_fiscal_years_is_not_within_either():
    period = parse_period("ส.ค. ๖๕ - พ.ย. ๖๕")
    assert not period.within_fiscal_year(2565)
    assert not period.within_fiscal_year(2566)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("เม.ย.๖๕-ก.พ.๖๕", "period ends before it starts"),
        ("ก.ย. ๖๕ - ต.ค. ๖๔", "period ends before it starts"),
        ("", "cannot parse period"),
        ("ก.พ.-เม.ย.", "cannot parse period"),
        ("ก.พ.๖๕-มี.ค.๖๕-เม.ย.๖๕", "cannot parse period"),
        ("Feb 2022", "cannot parse period"),
        ("กพอ.๖๕", "unknown Thai month"),
    ],
)
def test_it_rejects_bad_periods_with_thai_and_english_messages(text, message):
    with pytest.raises(ValueError, match=message):
        parse_period(text)


def test_dataclass_validates_its_fields():
    with pytest.raises(ValueError, match="invalid"):
        MonthPeriod((2022, 13), (2022, 13))
    with pytest.raises(ValueError, match="เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"):
        MonthPeriod((2022, 5), (2022, 4))


def test_bad_style_is_rejected():
    with pytest.raises(ValueError, match="style"):
        format_period(SEED, style="medium")  # type: ignore[arg-type]


@given(periods(), st.sampled_from(["short", "long"]), st.booleans())
def test_format_then_parse_round_trips(period, style, thai_digits):
    assert parse_period(format_period(period, style=style, thai_digits=thai_digits)) == period


@given(periods())
def test_first_and_last_day_are_contained(period):
    assert period.contains(period.first_day)
    assert period.contains(period.last_day)
    assert period.months()[0] == period.start
    assert period.months()[-1] == period.end


# --- periods written against the plan's own fiscal year ------------------------------------

QUARTER_MONTHS = {1: ((10, 12), -1), 2: ((1, 3), 0), 3: ((4, 6), 0), 4: ((7, 9), 0)}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ตลอดปีงบประมาณ", (2026, 10), (2027, 9)),
        ("ตลอดปี งบประมาณ", (2026, 10), (2027, 9)),
        ("ทั้งปีงบประมาณ", (2026, 10), (2027, 9)),
        ("ไตรมาส ๑", (2026, 10), (2026, 12)),
        ("ไตรมาส 1", (2026, 10), (2026, 12)),
        ("ไตรมาสที่ ๒", (2027, 1), (2027, 3)),
        ("ไตรมาส๓", (2027, 4), (2027, 6)),
        ("ไตรมาส ๔", (2027, 7), (2027, 9)),
        ("ไตรมาส ๑–๒", (2026, 10), (2027, 3)),
        ("ไตรมาส 2 - ไตรมาส 4", (2027, 1), (2027, 9)),
        ("ก.พ.๗๐-เม.ย.๗๐", (2027, 2), (2027, 4)),
    ],
)
def test_plan_periods_as_offices_write_them(text, start, end):
    period = parse_plan_period(text, 2570)
    assert (period.start, period.end) == (start, end)
    assert period.within_fiscal_year(2570)


@pytest.mark.parametrize("text", ["ไตรมาส ๕", "ไตรมาส ๐", "ไตรมาส ๓-๑", "ตลอดเดือน", "ครึ่งปี"])
def test_bad_plan_periods_are_refused_in_thai_and_english(text):
    with pytest.raises(ValueError, match="อ่านช่วงเวลาไม่ได้ / cannot parse period"):
        parse_plan_period(text, 2570)


@given(st.integers(2500, 2700), st.integers(1, 4), st.booleans())
def test_each_quarter_is_its_three_months_inside_the_fiscal_year(fiscal_year, quarter, thai):
    digits = to_thai_digits(str(quarter)) if thai else str(quarter)
    period = parse_plan_period(f"ไตรมาส {digits}", fiscal_year)
    (first, last), shift = QUARTER_MONTHS[quarter]
    ad = fiscal_year - 543 + shift
    assert (period.start, period.end) == ((ad, first), (ad, last))
    assert period == quarter_period(fiscal_year, quarter)
    assert period.within_fiscal_year(fiscal_year) and not period.within_fiscal_year(fiscal_year + 1)


@given(st.integers(2500, 2700))
def test_the_four_quarters_make_the_whole_year(fiscal_year):
    quarters = [quarter_period(fiscal_year, q) for q in range(1, 5)]
    months = [m for q in quarters for m in q.months()]
    whole = parse_plan_period("ตลอดปีงบประมาณ", fiscal_year)
    assert months == fiscal_year_period(fiscal_year).months() == whole.months()
    assert len(months) == 12
