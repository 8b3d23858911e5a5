import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from prongsai.thai.names import PREFIXES, full_name, signature_name, split_prefix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("นางณภัทร ฤกษ์วิจิตร", ("นาง", "ณภัทร", "ฤกษ์วิจิตร")),
        ("นางสาวพอลาณ ใจดี", ("นางสาว", "พอลาณ", "ใจดี")),
        ("นายสมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("นาย สมชาย  ใจดี ", ("นาย", "สมชาย", "ใจดี")),
        ("น.ส.พอลาณ ใจดี", ("น.ส.", "พอลาณ", "ใจดี")),
        ("ดร.สมชาย ใจดี", ("ดร.", "สมชาย", "ใจดี")),
        ("ผศ.ดร.สมหญิง ใจดี", ("ผศ.ดร.", "สมหญิง", "ใจดี")),
        ("ว่าที่ร้อยตรีสมชาย ใจดี", ("ว่าที่ร้อยตรี", "สมชาย", "ใจดี")),
        ("ว่าที่ร้อยตรีหญิงสมศรี มีสุข", ("ว่าที่ร้อยตรีหญิง", "สมศรี", "มีสุข")),
        ("ว่าที่ ร.ต. สมชาย ใจดี", ("ว่าที่ ร.ต.", "สมชาย", "ใจดี")),
        ("พ.ต.อ.หญิงสมศรี มีสุข", ("พ.ต.อ.หญิง", "สมศรี", "มีสุข")),
        ("พ.ต.อ.ดร.สมชาย ใจดี", ("พ.ต.อ.ดร.", "สมชาย", "ใจดี")),
        ("นายแพทย์สมชาย ใจดี", ("นายแพทย์", "สมชาย", "ใจดี")),
        ("สมชาย ใจดี", ("", "สมชาย", "ใจดี")),
        ("นางณภัทร", ("นาง", "ณภัทร", "")),
    ],
)
def test_split_prefix(text, expected):
    assert split_prefix(text) == expected


def test_split_needs_a_first_name():
    with pytest.raises(ValueError, match="no first name"):
        split_prefix("นางสาว")
    with pytest.raises(ValueError, match="no first name"):
        split_prefix("   ")


def test_full_and_signature_names_follow_official_style():
    assert full_name("นาง", "ณภัทร", "ฤกษ์วิจิตร") == "นางณภัทร ฤกษ์วิจิตร"
    assert full_name("", "ณภัทร", "ฤกษ์วิจิตร") == "ณภัทร ฤกษ์วิจิตร"
    assert full_name("นาง", "ณภัทร", "") == "นางณภัทร"
    assert signature_name("นาง", "ณภัทร", "ฤกษ์วิจิตร") == "(นางณภัทร ฤกษ์วิจิตร)"


def test_prefix_list_is_in_display_order_without_duplicates():
    assert PREFIXES[:3] == ("นาย", "นาง", "นางสาว")
    assert len(set(PREFIXES)) == len(PREFIXES)
    assert all(split_prefix(p + "สมชาย ใจดี")[0] == p for p in PREFIXES)


# Names made of letters that cannot extend a prefix into a longer one
# (ส as in นาง+สาว, แ as in นาย+แพทย์, ห as in rank+หญิง; no dots).
THAI_WORD = st.text(alphabet="กขคงจชซญณดตถทนบปผพฟภมยรลวศอฮะาิีุูเโใไ่้๊๋็์ั", min_size=1, max_size=12)
SAMPLE_PREFIXES = st.sampled_from([*PREFIXES, "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "ว่าที่ร้อยตรีหญิง", "พ.ต.อ.หญิง", "ผศ.ดร."])


@given(SAMPLE_PREFIXES, THAI_WORD, THAI_WORD)
def test_split_and_join_round_trip(prefix, first, last):
    assert split_prefix(full_name(prefix, first, last)) == (prefix, first, last)


@given(THAI_WORD, THAI_WORD)
def test_names_without_prefix_round_trip(first, last):
    assume(not any(first.startswith(p) for p in PREFIXES) and not first.startswith("ว่าที่"))
    assert split_prefix(full_name("", first, last)) == ("", first, last)
