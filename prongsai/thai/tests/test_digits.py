from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai.digits import parse_decimal, to_arabic_digits, to_thai_digits


def test_it_converts_both_ways():
    assert to_thai_digits("มท 0808.2/123") == "มท ๐๘๐๘.๒/๑๒๓"
    assert to_arabic_digits("มท ๐๘๐๘.๒/๑๒๓") == "มท 0808.2/123"


def test_it_converts_numbers():
    assert to_thai_digits(2565) == "๒๕๖๕"
    assert to_thai_digits(-7) == "-๗"
    assert to_thai_digits(Decimal("1E+3")) == "๑๐๐๐"
    assert to_thai_digits(Decimal("12.50")) == "๑๒.๕๐"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๑,๒๓๔.๕๐", Decimal("1234.50")),
        ("  1,234.50 ", Decimal("1234.50")),
        ("๔๒", Decimal("42")),
        ("-3.5", Decimal("-3.5")),
        (".5", Decimal("0.5")),
        ("1,000,000", Decimal("1000000")),
    ],
)
def test_it_parses_decimals(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "1,23", "12,34,567", "1.2.3", "NaN", "1e5", "๑๒ บาท", "-", ".", "1 000"]
)
def test_it_rejects_garbage_with_thai_and_english_message(text):
    with pytest.raises(ValueError, match="ตัวเลขไม่ถูกต้อง / not a valid number"):
        parse_decimal(text)


@given(st.text())
def test_digit_conversion_round_trips(text):
    assert to_arabic_digits(to_thai_digits(text)) == to_arabic_digits(text)
    assert to_thai_digits(to_arabic_digits(text)) == to_thai_digits(text)


@given(st.integers())
def test_integers_round_trip_through_thai_digits(n):
    assert int(to_arabic_digits(to_thai_digits(n))) == n


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12))
def test_formatted_decimals_parse_back(value):
    assert parse_decimal(to_thai_digits(f"{value:,}")) == value
    assert parse_decimal(f" {value} ") == value
