from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.dates import (
    MONTHS,
    MONTHS_ABBR,
    NBSP,
    WEEKDAYS,
    ad_year,
    be_year,
    format_datetime,
    format_long,
    format_short,
    parse_thai_date,
)

SEED = date(2022, 3, 25)
# Dates whose BE year falls in the two-digit window (BE 2500–2599).
WINDOW = st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31))
WIDE = st.dates(min_value=date(1857, 1, 1), max_value=date(9456, 12, 31))


def test_years_convert_between_eras():
    assert be_year(2022) == 2565
    assert ad_year(2565) == 2022


def test_month_and_weekday_names():
    assert len(MONTHS) == len(MONTHS_ABBR) == 12
    assert MONTHS[2] == "มีนาคม" and MONTHS_ABBR[2] == "มี.ค."
    assert WEEKDAYS[SEED.weekday()] == "ศุกร์"


def test_format_long_matches_the_seed_memo():
    assert format_long(SEED) == "๒๕ มีนาคม พ.ศ. ๒๕๖๕"
    assert format_long(SEED, thai_digits=False) == "25 มีนาคม พ.ศ. 2565"


def test_format_long_can_use_no_break_spaces():
    text = format_long(SEED, nbsp=True)
    assert text == "๒๕\u00a0มีนาคม\u00a0พ.ศ.\u00a0๒๕๖๕"
    assert " " not in text


def test_format_short():
    assert format_short(SEED) == "๒๕ มี.ค. ๖๕"
    assert format_short(date(1957, 1, 1), thai_digits=False) == "1 ม.ค. 00"
    # Outside the two-digit window the full BE year is written.
    assert format_short(date(2057, 1, 1), thai_digits=False) == "1 ม.ค. 2600"


def test_format_datetime():
    dt = datetime(2022, 3, 25, 14, 30)
    assert format_datetime(dt) == "๒๕ มีนาคม พ.ศ. ๒๕๖๕ เวลา ๑๔.๓๐ น."
    assert (
        format_datetime(datetime(2022, 3, 25, 9, 5), thai_digits=False) == "25 มีนาคม พ.ศ. 2565 เวลา 09.05 น."
    )
    assert NBSP in format_datetime(dt, nbsp=True)


@pytest.mark.parametrize(
    "text",
    [
        "๒๕ มีนาคม พ.ศ. ๒๕๖๕",
        "25 มีนาคม พ.ศ. 2565",
        "๒๕ มีนาคม พ.ศ.๒๕๖๕",
        "๒๕ มีนาคม ๒๕๖๕",
        "๒๕ มี.ค. ๖๕",
        "25 มี.ค. 65",
        "25มี.ค.65",
        "25 มีค 2565",
        "  ๒๕\u00a0มีนาคม\u00a0พ.ศ.\u00a0๒๕๖๕ ",
        "วันที่ ๒๕ มีนาคม ๒๕๖๕",
        "วันศุกร์ที่ ๒๕ มีนาคม พ.ศ. ๒๕๖๕",
        "25 มีนาคม ค.ศ. 2022",
    ],
)
def test_it_parses_the_usual_written_forms(text):
    assert parse_thai_date(text) == SEED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "อ่านวันที่ไม่ได้ / cannot parse Thai date"),
        ("2022-03-25", "อ่านวันที่ไม่ได้ / cannot parse Thai date"),
        ("๒๕ มีนาคม", "อ่านวันที่ไม่ได้ / cannot parse Thai date"),
        ("๒๕ มีนาคม พ.ศ. ๒๕๖", "อ่านวันที่ไม่ได้ / cannot parse Thai date"),
        ("25 Marchh 2565", "อ่านวันที่ไม่ได้ / cannot parse Thai date"),
        ("25 มีนา 2565", "ไม่รู้จักชื่อเดือน / unknown Thai month"),
        ("30 กุมภาพันธ์ 2565", "ไม่มีวันที่นี้ในปฏิทิน / no such date"),
        ("25 มีนาคม 2022", "implausible BE year"),
        ("25 มีนาคม ค.ศ. 22", "AD year needs four digits"),
        ("วันจันทร์ที่ ๒๕ มีนาคม ๒๕๖๕", "weekday does not match"),
    ],
)
def test_it_rejects_bad_dates_with_thai_and_english_messages(text, message):
    with pytest.raises(ValueError, match=message):
        parse_thai_date(text)


def test_two_digit_years_mean_be_25xx():
    assert parse_thai_date("1 ม.ค. 00") == date(1957, 1, 1)
    assert parse_thai_date("31 ธ.ค. 99") == date(2056, 12, 31)


@given(WIDE, st.booleans(), st.booleans())
def test_format_long_round_trips(d, thai_digits, nbsp):
    assert parse_thai_date(format_long(d, thai_digits=thai_digits, nbsp=nbsp)) == d


@given(WIDE, st.booleans())
def test_format_short_round_trips(d, thai_digits):
    assert parse_thai_date(format_short(d, thai_digits=thai_digits)) == d


@given(WINDOW)
def test_format_short_uses_two_digits_inside_the_window(d):
    assert format_short(d, thai_digits=False).endswith(f" {be_year(d.year) % 100:02d}")


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_format_datetime_starts_with_the_long_date(dt):
    text = format_datetime(dt)
    assert text.startswith(format_long(dt.date()) + " เวลา ")
    assert text.endswith(" น.")
    assert parse_thai_date(text.split(" เวลา ")[0]) == dt.date()
