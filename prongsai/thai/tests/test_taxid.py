import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.thai import taxid
from prongsai.thai.digits import to_thai_digits

twelve = st.text(alphabet="0123456789", min_size=12, max_size=12)


def reference_check_digit(first_twelve: str) -> int:
    """Written out the long way, as the Revenue Department's leaflet gives it."""
    weights = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]
    total = sum(int(d) * w for d, w in zip(first_twelve, weights, strict=True))
    return (11 - total % 11) % 10


@pytest.mark.parametrize(
    "number",
    [
        "0105536092641",  # a company's tax id (juristic persons start with 0)
        "1234567890121",  # the check digit worked by hand: Σ = 352, 352 mod 11 = 0, (11 − 0) mod 10 = 1
    ],
)
def test_known_numbers_pass(number):
    assert taxid.is_valid(number)
    assert taxid.validate(number) == number


@given(twelve)
def test_check_digit_matches_the_long_way(first):
    assert taxid.check_digit(first) == reference_check_digit(first)


@given(twelve)
def test_a_completed_number_is_valid_in_any_spelling(first):
    number = first + str(taxid.check_digit(first))
    assert taxid.is_valid(number)
    dashed = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"
    assert taxid.validate(dashed) == number
    assert taxid.validate(to_thai_digits(number)) == number


@given(twelve, st.integers(min_value=1, max_value=9))
def test_any_other_last_digit_is_refused(first, shift):
    wrong = (taxid.check_digit(first) + shift) % 10
    number = first + str(wrong)
    assert not taxid.is_valid(number)
    with pytest.raises(ValueError, match="check digit"):
        taxid.validate(number)


@pytest.mark.parametrize("text", ["", "123", "12345678901234", "010553609264x", "๑๒๓"])
def test_wrong_lengths_and_letters_are_refused(text):
    assert not taxid.is_valid(text)
    with pytest.raises(ValueError, match="13 digits"):
        taxid.validate(text)
