from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.periods import MonthPeriod, format_period, parse_period

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
