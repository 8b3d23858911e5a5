"""Generated files through the ITA results importer (`results.import_file`).

Valid files, in all three formats, round-trip exactly: what is exported from the stored rows
equals what was written. Random bytes and damaged valid files never raise: they give an error
report (Thai + English) and store nothing, or, when the damage left a valid file, store it whole.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from prongsai.core.models import Organisation, OrganisationKind
from prongsai.core.tests.fuzzing import at, fraction, rolled_back
from prongsai.ita import results, tabular
from prongsai.ita.models import Result

YEARS = (2564, 2565, 2566, 2567)
# No shrinking: in CI a failure is reported at once with its seed (shrinking can take minutes).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

text = (
    st.text(
        alphabet=st.sampled_from("กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาิีึืุูเแโใไ่้๊๋ abcXYZ=+-@'"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
score = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def result_rows(draw):
    keys = draw(
        st.lists(
            st.tuples(st.text(alphabet="0123456789ABC", min_size=1, max_size=9), st.sampled_from(YEARS)),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    names = {}
    rows = []
    for code, year in keys:
        # One organisation per code: the same code always carries the same name, type and province.
        names.setdefault(code, (draw(text), draw(st.sampled_from(OrganisationKind.values)), draw(text)))
        name, kind, province = names[code]
        scores = {n: draw(score) for n in range(1, 11)}
        rows.append(tabular.ResultRow(code, name, kind, province, year, scores))
    return rows


def stored_rows():
    return results.export_rows(Result.objects.all())


def normalised(rows):
    return sorted(rows, key=lambda r: (r.org_code, r.year))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@FUZZ
@given(rows=result_rows())
def test_valid_files_round_trip_exactly(db, fmt, rows):
    with rolled_back():
        report = results.import_file(tabular.write_rows(rows, fmt), f"ita.{fmt}")
        assert report.ok, report.errors
        assert report.created == len(rows)
        assert normalised(stored_rows()) == normalised(rows)


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["ita.csv", "ita.xlsx", "ita.json", "ita"]))
def test_random_bytes_give_a_report_and_store_nothing(db, data, name):
    with rolled_back():
        report = results.import_file(data, name)
        if not report.ok:
            assert Result.objects.count() == 0 and Organisation.objects.count() == 0
            assert all(e.message_th and e.message_en for e in report.errors)
        else:
            assert Result.objects.count() == report.rows


@FUZZ
@given(rows=result_rows(), fmt=st.sampled_from(["csv", "xlsx", "json"]), data=st.data())
def test_damaged_files_are_refused_whole_or_stored_whole(db, rows, fmt, data):
    content = bytearray(tabular.write_rows(rows, fmt))
    if data.draw(st.booleans()):
        del content[at(data.draw(fraction), content) :]  # a truncated upload
    else:
        for place in data.draw(st.lists(fraction, min_size=1, max_size=8)):
            position = min(at(place, content), len(content) - 1)
            content[position] = data.draw(st.integers(0, 255))  # flipped bytes
    with rolled_back():
        report = results.import_file(bytes(content), f"ita.{fmt}")
        if report.ok:
            assert Result.objects.count() == report.rows
        else:
            assert Result.objects.count() == 0 and Organisation.objects.count() == 0
            assert report.errors and all(e.message_en for e in report.errors)


def test_the_generator_makes_rows_the_importer_accepts(db):
    """The valid strategy is not vacuous: a plain example imports."""
    row = tabular.ResultRow("1", "เทศบาล", "sao", "น่าน", 2565, {n: Decimal("50") for n in range(1, 11)})
    with rolled_back():
        assert results.import_file(tabular.write_rows([row], "csv"), "x.csv").ok


@FUZZ
@given(
    code=st.text(alphabet="0123456789", min_size=1, max_size=40),
    name=st.text(alphabet="กขค ab", min_size=1, max_size=260).map(str.strip).filter(bool),
    province=st.text(alphabet="กขค", min_size=1, max_size=140),
)
def test_text_too_long_to_store_is_reported_not_crashed(db, code, name, province):
    """What a column cannot hold (PostgreSQL refuses it) is an error of its row, never a crash."""
    row = tabular.ResultRow(code, name, "sao", province, 2565, {n: Decimal("50") for n in range(1, 11)})
    with rolled_back():
        report = results.import_file(tabular.write_rows([row], "csv"), "ita.csv")
        if report.ok:
            assert Result.objects.count() == 1
        else:
            assert Result.objects.count() == 0 and Organisation.objects.count() == 0
            assert {e.column for e in report.errors} <= {"org_code", "org_name", "province"}
