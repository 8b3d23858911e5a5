import codecs
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.ita.framework import load_all, load_framework
from prongsai.ita.tabular import (
    COLUMNS,
    ITEM_COLUMNS,
    ResultRow,
    TableFileError,
    parse_pasted_table,
    read_rows,
    validate_rows,
    write_rows,
)
from prongsai.thai.digits import to_thai_digits

D = Decimal
FRAMEWORKS = load_all()
NAMES_2564 = [i.name_th for i in load_framework(2564).indicators]
SEED = ["85.59", "79.95", "80.50", "77.10", "84.98", "80.33", "80.63", "72.58", "72.21", "87.50"]
HEADER = (
    "org_code,org_name,org_type,province,year,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,reported_total,reported_grade"
)


def _csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode("utf-8")


def _row(code="001", year="2564", scores=None, total="79.58", grade="B", name="เทศบาลตำบลตัวอย่าง") -> str:
    return ",".join([code, name, "เทศบาลตำบล", "พิจิตร", year, *(scores or SEED), total, grade])


def _errors(data: bytes, filename="results.csv"):
    clean, errors = validate_rows(read_rows(data, filename), FRAMEWORKS)
    assert clean == [] or not errors
    return clean, errors


# --- pasted tables -----------------------------------------------------------------------


def _pasted(scores: list[str], total="79.58", grade="B") -> str:
    lines = [
        f"{n}. {name} {score} คะแนน"
        for n, (name, score) in enumerate(zip(NAMES_2564, scores, strict=True), 1)
    ]
    return "\n".join(
        ["ผลการประเมิน ITA ปี 2564", *lines, f"คะแนนรวม {total} คะแนน", f"ระดับผลการประเมิน {grade}"]
    )


def test_it_reads_a_pasted_result_in_thai_digits():
    parsed = parse_pasted_table(to_thai_digits(_pasted(SEED)), load_framework(2564))
    assert parsed.errors == []
    assert parsed.scores == dict(zip(range(1, 11), map(D, SEED), strict=True))
    assert (parsed.reported_total, parsed.reported_grade) == (D("79.58"), "B")


def test_it_reads_tab_separated_rows_and_names_without_numbers():
    lines = [f"{n}\t{name}\t{score}" for n, (name, score) in enumerate(zip(NAMES_2564, SEED, strict=True), 1)]
    lines[4] = f"{NAMES_2564[4]}\t{SEED[4]}"  # no number: found by its exact name
    parsed = parse_pasted_table("ตัวชี้วัด\tชื่อ\tคะแนน\n" + "\n".join(lines), load_framework(2564))
    assert parsed.errors == [] and parsed.scores[5] == D("84.98")
    assert parsed.reported_total is None and parsed.reported_grade is None


def test_it_reads_a_level_not_its_prefix():
    text = _pasted(SEED, total="๙๔.๖๔", grade="ผ่านดี").replace("ระดับผลการประเมิน", "ผลการประเมิน:")
    parsed = parse_pasted_table(text, load_framework(2568))
    assert (parsed.reported_total, parsed.reported_grade) == (D("94.64"), "ผ่านดี")


def test_it_reports_missing_and_impossible_pasted_scores():
    lines = _pasted(SEED).splitlines()
    lines[3] = lines[3].replace("80.50", "180.50")  # indicator 3
    lines[4] = f"4. {NAMES_2564[0]} 77.10"  # indicator 4 labelled with indicator 1's name
    del lines[10]  # indicator 10
    errors = parse_pasted_table("\n".join(lines), load_framework(2564)).errors
    assert [(e.row, e.column) for e in errors] == [(4, "i3"), (5, "i4"), (0, "i3"), (0, "i4"), (0, "i10")]
    assert "above 100" in errors[0].message_en and "indicator 1, not 4" in errors[1].message_en


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=10, max_size=10))
def test_thai_and_arabic_digits_give_the_same_result(values):
    text = _pasted([str(v) for v in values], total=str(values[0]))
    arabic = parse_pasted_table(text, load_framework(2564))
    thai = parse_pasted_table(to_thai_digits(text), load_framework(2564))
    assert arabic == thai and arabic.errors == []
    assert arabic.scores == dict(zip(range(1, 11), values, strict=True))


# --- reading files -----------------------------------------------------------------------


def test_it_reads_utf8_with_and_without_bom():
    for data in (_csv(_row()), codecs.BOM_UTF8 + _csv(_row())):
        clean, errors = _errors(data)
        assert errors == [] and clean[0].org_name == "เทศบาลตำบลตัวอย่าง"
        assert clean[0].scores[8] == D("72.58") and clean[0].reported_grade == "B"


def test_it_reads_a_tis620_csv_file(tmp_path):
    path = tmp_path / "ita.csv"
    path.write_bytes(_csv(_row()).decode("utf-8").encode("cp874"))
    clean, errors = validate_rows(read_rows(path), FRAMEWORKS)
    assert errors == [] and clean[0].org_type == "เทศบาลตำบล" and clean[0].province == "พิจิตร"


def test_it_reads_utf16_semicolons_and_thai_digits():
    text = (HEADER + "\n" + to_thai_digits(_row())).replace(",", ";")
    clean, errors = _errors(text.encode("utf-16"))
    assert errors == [] and clean[0].year == 2564 and clean[0].scores[1] == D("85.59")


def test_it_reads_oit_item_columns_in_thai_words():
    data = (HEADER + ",o1,o2,o3,o42\n" + _row() + ",มี,ไม่มี,ผ่าน,0").encode("utf-8")
    clean, errors = _errors(data)
    assert errors == [] and clean[0].oit_items == {"o1": True, "o2": False, "o3": True, "o42": False}


def test_it_explains_an_encrypted_xlsx():
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(TableFileError) as caught:
        read_rows(fake, "results.xlsx")
    assert "password-protected" in caught.value.message_en and "รหัสผ่าน" in caught.value.message_th
    with pytest.raises(TableFileError, match=r"old-format \.xls"):
        read_rows(fake, "results.xls")


def test_it_explains_a_truncated_xlsx():
    whole = write_rows([_result()], "xlsx")
    for damaged in (whole[: len(whole) // 2], whole[:30], b"not a spreadsheet"):
        with pytest.raises(TableFileError, match="damaged or incomplete"):
            read_rows(damaged, "results.xlsx")


def test_it_explains_empty_and_undecodable_files():
    with pytest.raises(TableFileError, match="empty"):
        read_rows(b"  \n", "a.csv")
    with pytest.raises(TableFileError, match="UTF-8 or TIS-620"):
        read_rows(b"org_code\n\xdb\xdc\xfc\n", "a.csv")
    with pytest.raises(TableFileError, match="duplicated columns: i1"):
        read_rows(b"org_code,i1,I1\n1,2,3\n", "a.csv")
    with pytest.raises(TableFileError, match="list of row objects"):
        read_rows(b'{"org_code": 1}', "a.json")


# --- validating rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "english"),
    [
        (_row(scores=[*SEED[:2], "100.5", *SEED[3:]]), "i3", "outside 0–100"),
        (_row(scores=[*SEED[:2], "-1", *SEED[3:]]), "i3", "outside 0–100"),
        (_row(scores=[*SEED[:9], ""]), "i10", "score i10 is missing"),
        (_row(scores=["แปดสิบ", *SEED[1:]]), "i1", "is not a number"),
        (_row(year="2555"), "year", "unknown year 2555"),
        (_row(year="ปีนี้"), "year", "is not a number"),
        (_row(total="79.5x"), "reported_total", "is not a number"),
        (_row(grade="ผ่าน"), "reported_grade", "not a rating used in 2564"),
        (_row(code=""), "org_code", "org_code is missing"),
    ],
)
def test_it_reports_each_bad_cell_in_thai_and_english(row, column, english):
    clean, errors = _errors(_csv(_row(code="ok"), row))
    assert clean == []
    assert [(e.row, e.column) for e in errors] == [(3, column)]
    assert english in errors[0].message_en and errors[0].message_th


def test_it_reports_a_row_with_more_cells_than_the_header():
    _, errors = _errors(_csv(_row(total="79,58")))
    first = errors[0]
    assert (first.row, first.column, first.message_en) == (2, "", "the row has more cells than the header")


def test_it_reports_a_duplicated_organisation_year():
    clean, errors = _errors(_csv(_row(), _row(name="ซ้ำ"), _row(year="2565", grade="A")))
    assert clean == [] and [(e.row, e.column) for e in errors] == [(3, "org_code")]
    assert "repeats row 2" in errors[0].message_en


def test_it_reports_bad_and_unknown_oit_items():
    data = (HEADER + ",o1,o44\n" + _row() + ",บางส่วน,1").encode("utf-8")
    _, errors = _errors(data)
    assert [(e.column, e.message_en) for e in errors] == [
        ("o1", "'บางส่วน' must be 1/0, มี/ไม่มี or ผ่าน/ไม่ผ่าน"),
        ("o44", "item o44 is not in the 2564 list"),
    ]


def test_it_reports_a_missing_column_once():
    data = HEADER.replace(",i7", "").encode() + b"\n" + _row().rsplit(",", 12)[0].encode()
    _, errors = _errors(data)
    assert [(e.row, e.column, e.message_en) for e in errors] == [(1, "i7", "column i7 is missing")]


def test_it_imports_nothing_when_one_row_is_bad():
    clean, errors = _errors(_csv(_row(code="a"), _row(code="b"), _row(code="c", year="2999")))
    assert clean == [] and len(errors) == 1


def test_it_skips_blank_lines_but_keeps_file_row_numbers():
    _, errors = _errors(_csv(_row(code="a"), ",,,,", "", _row(code="b", year="x")))
    assert [(e.row, e.column) for e in errors] == [(5, "year")]


# --- writing and round trips -------------------------------------------------------------


def _result(**fields) -> ResultRow:
    values = {
        "org_code": "001",
        "org_name": "อบต. ตัวอย่าง",
        "org_type": "อบต.",
        "province": "น่าน",
        "year": 2564,
        "scores": dict(zip(range(1, 11), map(D, SEED), strict=True)),
        "reported_total": D("79.58"),
        "reported_grade": "B",
        "oit_items": {"o1": True, "o42": False},
    }
    return ResultRow(**(values | fields))


def test_it_writes_the_import_columns_in_order():
    header = write_rows([_result()], "csv").decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_it_defuses_formulas_in_csv_and_xlsx_but_keeps_the_text():
    row = _result(org_name='=HYPERLINK("http://x")', province="+66", org_type="@t")
    csv_text = write_rows([row], "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",'+66," in csv_text
    for fmt in ("csv", "xlsx", "json"):
        clean, errors = validate_rows(read_rows(write_rows([row], fmt), f"r.{fmt}"), FRAMEWORKS)
        assert errors == [] and clean == [row]


def test_it_rejects_an_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        write_rows([_result()], "ods")


_TEXT = st.text(alphabet="กขคงจฉัิีึุู่้๊๋เแโ abcXYZ019-=+@',\";/()", min_size=0, max_size=15).map(str.strip)


@st.composite
def result_rows(draw):
    year = draw(st.sampled_from(sorted(FRAMEWORKS)))
    framework = FRAMEWORKS[year]
    score = st.decimals(min_value=0, max_value=100, places=2)
    codes = [i.code for i in framework.oit_items] or list(ITEM_COLUMNS)
    return ResultRow(
        org_code=draw(_TEXT.filter(bool)),
        org_name=draw(_TEXT),
        org_type=draw(_TEXT),
        province=draw(_TEXT),
        year=year,
        scores={c: draw(score) for c in framework.indicator_codes},
        reported_total=draw(st.none() | score),
        reported_grade=draw(st.sampled_from(["", *framework.grading.names])),
        oit_items=draw(st.dictionaries(st.sampled_from(codes), st.booleans(), max_size=5)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(result_rows(), min_size=1, max_size=4, unique_by=lambda r: (r.org_code, r.year)),
    st.sampled_from(["csv", "xlsx", "json"]),
)
def test_import_export_import_gives_the_same_rows(rows, fmt):
    first, errors = validate_rows(read_rows(write_rows(rows, fmt), f"results.{fmt}"), FRAMEWORKS)
    assert errors == [] and first == rows
    again, _ = validate_rows(read_rows(write_rows(first, fmt), f"results.{fmt}"), FRAMEWORKS)
    assert again == first
