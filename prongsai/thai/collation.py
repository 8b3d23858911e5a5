"""Thai dictionary order, for databases without ICU (SQLite).

Thai writes the vowels เ แ โ ใ ไ before the consonant they follow in speech, and the
dictionary (and ICU's th-TH collation) sorts by that consonant first; tone marks only break
ties. So the primary key moves each leading vowel after its consonant and drops the marks.
"""

LEADING_VOWELS = frozenset("เแโใไ")
TONE_MARKS = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c")  # ็ ่ ้ ๊ ๋ ์


def sort_key(text: str) -> tuple[str, str]:
    chars = list(text or "")
    i = 0
    while i < len(chars) - 1:
        if chars[i] in LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    primary = "".join(c for c in chars if c not in TONE_MARKS).casefold()
    secondary = "".join(c for c in chars if c in TONE_MARKS)
    return primary, secondary


def compare(a: str, b: str) -> int:
    """A three-way comparison, the shape SQLite's create_collation wants."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)
