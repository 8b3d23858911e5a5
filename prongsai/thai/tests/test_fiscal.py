from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.fiscal import fiscal_months, fiscal_year_bounds, fiscal_year_of, half_bounds, half_of

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def test_fy2565_bounds():
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2021, 9, 30), 2564),
        (date(2021, 10, 1), 2565),
        (date(2022, 3, 25), 2565),
        (date(2022, 9, 30), 2565),
        (date(2022, 10, 1), 2566),
    ],
)
def test_fiscal_year_of_edges(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_halves():
    assert half_of(date(2021, 10, 1)) == 1
    assert half_of(date(2022, 3, 31)) == 1
    assert half_of(date(2022, 4, 1)) == 2
    assert half_of(date(2022, 9, 30)) == 2
    assert half_bounds(2565, 1) == (date(2021, 10, 1), date(2022, 3, 31))
    assert half_bounds(2565, 2) == (date(2022, 4, 1), date(2022, 9, 30))


def test_half_must_be_one_or_two():
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        half_bounds(2565, 3)


def test_fiscal_months_start_in_october():
    months = fiscal_months(2565)
    assert months[0] == (2021, 10)
    assert months[2] == (2021, 12)
    assert months[3] == (2022, 1)
    assert months[-1] == (2022, 9)
    assert len(months) == 12


@given(DATES)
def test_fiscal_year_bounds_contain_their_dates(d):
    start, end = fiscal_year_bounds(fiscal_year_of(d))
    assert start <= d <= end
    assert (end - start).days + 1 in (365, 366)
    assert fiscal_year_of(start - timedelta(days=1)) == fiscal_year_of(d) - 1


@given(DATES)
def test_half_bounds_contain_their_dates(d):
    start, end = half_bounds(fiscal_year_of(d), half_of(d))
    assert start <= d <= end


@given(DATES)
def test_date_month_is_in_its_fiscal_year_months(d):
    assert (d.year, d.month) in fiscal_months(fiscal_year_of(d))
