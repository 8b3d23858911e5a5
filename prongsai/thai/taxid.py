"""Thai 13-digit identification numbers: the citizen id (เลขประจำตัวประชาชน) and the tax id of a
firm (เลขประจำตัวผู้เสียภาษีอากร), which share one check digit.

The 13th digit is (11 − Σ dᵢ × (14 − i) mod 11) mod 10 over the first twelve digits (i = 1..12),
as the Department of Provincial Administration and the Revenue Department define it. People type
the number with dashes or spaces ("1-2345-67890-12-1") and in Thai digits; `normalise` keeps the
digits only, so the stored form is always the bare thirteen.
"""

from __future__ import annotations

from prongsai.thai.digits import to_arabic_digits

LENGTH = 13
SEPARATORS = " -"


def check_digit(first_twelve: str) -> int:
    """The 13th digit that the first twelve call for."""
    if len(first_twelve) != LENGTH - 1 or not first_twelve.isascii() or not first_twelve.isdigit():
        raise ValueError("ต้องเป็นตัวเลข ๑๒ หลัก (twelve digits are needed)")
    total = sum(int(digit) * (LENGTH - position) for position, digit in enumerate(first_twelve))
    return (11 - total % 11) % 10


def normalise(text: str) -> str:
    """The digits of `text` in Arabic digits, with spaces and dashes dropped (nothing else changes)."""
    return "".join(ch for ch in to_arabic_digits(text.strip()) if ch not in SEPARATORS)


def is_valid(text: str) -> bool:
    """Whether `text` (after `normalise`) is thirteen digits whose last is the check digit."""
    digits = normalise(text)
    if len(digits) != LENGTH or not digits.isascii() or not digits.isdigit():
        return False
    return check_digit(digits[:-1]) == int(digits[-1])


def validate(text: str) -> str:
    """The normalised number, or ValueError (Thai + English) saying what is wrong."""
    digits = normalise(text)
    if len(digits) != LENGTH or not digits.isascii() or not digits.isdigit():
        raise ValueError("เลขประจำตัวต้องมี ๑๓ หลัก (the id must have 13 digits)")
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise ValueError("เลขประจำตัวไม่ถูกต้อง หลักสุดท้ายไม่ตรง (the id's check digit is wrong)")
    return digits
