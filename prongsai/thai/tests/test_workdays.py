import json
from datetime import date, timedelta
from importlib.resources import files

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from prongsai.thai.workdays import (
    HolidayCalendar,
    add_working_days,
    is_working_day,
    load_holiday_years,
    load_official_holidays,
    working_days_between,
)

SONGKRAN_2565 = {
    date(2022, 4, 13): "วันสงกรานต์",
    date(2022, 4, 14): "วันสงกรานต์",
    date(2022, 4, 15): "วันสงกรานต์",
}
OFFICIAL = load_official_holidays()
DATES = st.dates(min_value=date(2021, 1, 1), max_value=date(2028, 12, 31))
HOLIDAY_SETS = st.sampled_from([{}, SONGKRAN_2565, OFFICIAL])


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2022, 4, 12), SONGKRAN_2565)  # Tuesday
    assert not is_working_day(date(2022, 4, 13), SONGKRAN_2565)  # Songkran
    assert not is_working_day(date(2022, 4, 16), {})  # Saturday
    assert not is_working_day(date(2022, 4, 17), set())  # Sunday


def test_add_working_days_skips_weekends_and_holidays():
    friday = date(2022, 4, 8)
    assert add_working_days(friday, 0, SONGKRAN_2565) == friday
    assert add_working_days(friday, 1, SONGKRAN_2565) == date(2022, 4, 11)
    assert add_working_days(friday, 3, SONGKRAN_2565) == date(2022, 4, 18)
    assert add_working_days(date(2022, 4, 18), -1, SONGKRAN_2565) == date(2022, 4, 12)


def test_working_days_between_counts_after_start_through_end():
    assert working_days_between(date(2022, 4, 8), date(2022, 4, 19), SONGKRAN_2565) == 4
    assert working_days_between(date(2022, 4, 19), date(2022, 4, 8), SONGKRAN_2565) == -4
    # Backward from a Saturday: Friday is one working day back.
    assert working_days_between(date(2022, 4, 23), date(2022, 4, 22), {}) == -1
    assert working_days_between(date(2022, 4, 8), date(2022, 4, 8), {}) == 0


def test_holiday_calendar_is_a_read_only_mapping():
    cal = HolidayCalendar(SONGKRAN_2565)
    assert date(2022, 4, 13) in cal
    assert cal[date(2022, 4, 14)] == "วันสงกรานต์"
    assert list(cal) == sorted(SONGKRAN_2565)
    assert len(cal) == 3
    assert not cal.is_working_day(date(2022, 4, 15))
    assert add_working_days(date(2022, 4, 12), 1, cal) == date(2022, 4, 18)


@given(DATES, st.integers(-300, 300), HOLIDAY_SETS)
def test_add_and_between_agree(start, n, holidays):
    end = add_working_days(start, n, holidays)
    assert working_days_between(start, end, holidays) == n
    if n:
        assert is_working_day(end, holidays)


@given(DATES, DATES, DATES, HOLIDAY_SETS)
def test_between_is_additive_over_ordered_dates(a, b, c, holidays):
    a, b, c = sorted([a, b, c])
    assert working_days_between(a, c, holidays) == (
        working_days_between(a, b, holidays) + working_days_between(b, c, holidays)
    )


@given(DATES, DATES, HOLIDAY_SETS)
def test_between_is_antisymmetric_for_working_days(a, b, holidays):
    assume(is_working_day(a, holidays) and is_working_day(b, holidays))
    assert working_days_between(a, b, holidays) == -working_days_between(b, a, holidays)


# -- shipped data --------------------------------------------------------------


def test_loader_returns_known_official_holidays():
    fy = load_official_holidays([2565])
    assert fy[date(2022, 2, 16)] == "วันมาฆบูชา"
    assert fy[date(2022, 5, 16)] == "วันหยุดชดเชยวันวิสาขบูชา"
    assert date(2022, 5, 1) not in fy  # Labour Day: government offices work
    assert all(d.year == 2022 for d in fy)


def test_loader_filters_years_and_verification():
    assert set(load_official_holidays(verified_only=True)) <= set(OFFICIAL)
    unverified = {y.year_be for y in load_holiday_years() if not y.verified}
    assert not any(be_of(d) in unverified for d in load_official_holidays(verified_only=True))
    assert load_official_holidays([]) == {}


def be_of(d: date) -> int:
    return d.year + 543


def test_loader_refuses_christian_era_years():
    with pytest.raises(ValueError, match="Buddhist-era"):
        load_official_holidays([2022])


def test_data_covers_2565_to_2570_with_provenance():
    years = load_holiday_years()
    assert [y.year_be for y in years] == list(range(2565, 2571))
    for year in years:
        assert year.source
        assert year.verified or year.missing, f"{year.year_be}: unverified years must say what is missing"
        assert all(d.year == year.year_be - 543 for d in year.holidays)


@pytest.mark.parametrize("year_be", range(2565, 2571))
def test_every_year_has_the_fixed_date_holidays(year_be):
    ad = year_be - 543
    holidays = load_official_holidays([year_be])
    for month, day in [(1, 1), (4, 6), (4, 13), (4, 14), (4, 15), (5, 4), (6, 3), (7, 28), (8, 12),
                       (10, 13), (10, 23), (12, 5), (12, 10), (12, 31)]:  # fmt: skip
        assert date(ad, month, day) in holidays


def test_weekend_holidays_have_a_weekday_substitute_soon_after():
    # The standing rule: a holiday on Saturday or Sunday gets a substitute day
    # (วันหยุดชดเชย) on a following working day, or a Cabinet-moved one just before.
    substitutes = sorted(d for d, name in OFFICIAL.items() if name.startswith("วันหยุดชดเชย"))
    for d, name in OFFICIAL.items():
        if d.weekday() >= 5 and not name.startswith("วันหยุดชดเชย") and d < date(2027, 12, 31):
            assert any(timedelta(-3) <= s - d <= timedelta(4) for s in substitutes), (d, name)


def test_substitute_and_special_days_fall_on_weekdays():
    for d, name in OFFICIAL.items():
        if name.startswith("วันหยุดชดเชย") or "กรณีพิเศษ" in name:
            assert d.weekday() < 5, (d, name)


def test_json_has_one_entry_per_date():
    raw = json.loads(files("prongsai.thai").joinpath("data/holidays.json").read_text(encoding="utf-8"))
    for year in raw["years"]:
        dates = [h["date"] for h in year["holidays"]]
        assert len(dates) == len(set(dates)) and dates == sorted(dates)
