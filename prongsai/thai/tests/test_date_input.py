"""What a Thai user types into a date box, and the picker's Gregorian value, all mean one day."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.date_input import EARLIEST, LATEST, DateInputError, format_date_input, parse_date_input
from prongsai.thai.dates import MONTHS, MONTHS_ABBR
from prongsai.thai.digits import to_thai_digits

MARCH_25 = date(2026, 3, 25)


@pytest.mark.parametrize(
    "typed",
    [
        "๒๕ มี.ค. ๒๕๖๙",
        "25 มี.ค. 2569",
        "๒๕ มีนาคม พ.ศ. ๒๕๖๙",
        "25/03/2569",
        "25/3/2569",
        "๒๕/๐๓/๒๕๖๙",
        "25-03-2569",
        "25.03.2569",
        "25/03/69",
        "2026-03-25",  # the browser picker's value
        "2569-03-25",  # an ISO date written in the Buddhist era
        "25/03/2026",  # a Christian-era year below 2400 is taken as such
        " 25 / 03 / 2569 ".replace(" / ", "/"),
    ],
)
def test_every_way_of_writing_the_day_means_it(typed):
    assert parse_date_input(typed) == MARCH_25


@pytest.mark.parametrize(
    "typed, message",
    [
        ("25/03/3112", "3112"),  # ๒๕๖๙ read as ค.ศ. once stored ๓๑๑๒
        ("๒๕/๐๓/๓๑๑๒", "3112"),
        ("3112-03-25", "3112"),
        ("25/03/1850", "2393"),
        ("31/02/2569", "ปฏิทิน"),
        ("๓๐ ก.พ. ๒๕๖๙", "อ่านวันที่"),
        ("next tuesday", "Cannot read"),
        ("", "Enter a date"),
    ],
)
def test_impossible_dates_are_refused_in_thai_and_english(typed, message):
    with pytest.raises(DateInputError) as caught:
        parse_date_input(typed)
    assert message in str(caught.value)
    assert " / " in str(caught.value)  # Thai, then English


days = st.dates(min_value=EARLIEST, max_value=LATEST)


@given(days, st.booleans())
def test_the_shown_form_reads_back_to_the_same_day(day, thai_digits):
    shown = format_date_input(day)
    assert parse_date_input(to_thai_digits(shown) if thai_digits else shown) == day


@given(days, st.booleans(), st.booleans())
def test_written_thai_dates_round_trip_in_both_digit_styles(day, thai_digits, abbreviated):
    month = (MONTHS_ABBR if abbreviated else MONTHS)[day.month - 1]
    text = f"{day.day} {month} {day.year + 543}"
    assert parse_date_input(to_thai_digits(text) if thai_digits else text) == day


@given(days)
def test_the_picker_value_and_the_christian_era_round_trip(day):
    assert parse_date_input(day.isoformat()) == day
    assert parse_date_input(f"{day.day}/{day.month}/{day.year + 543}") == day
    if day.year < 2400:
        assert parse_date_input(f"{day.day}/{day.month}/{day.year}") == day
