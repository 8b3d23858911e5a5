"""Generated files through the procurement importer (`procurement.import_file`, แบบ สขร.๑).

Valid XLSX and CSV files round-trip exactly: the stored lines hold what was written. Random
bytes and damaged valid files never raise: they give Thai + English errors and store nothing,
or, when the damage left a valid file, store it whole.
"""

import csv
import io
from datetime import date

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from prongsai.core.tests.factories import make_org
from prongsai.core.tests.fuzzing import at, fraction, rolled_back
from prongsai.disclosure import procurement
from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
from prongsai.disclosure.tests.factories import xlsx_bytes

# No shrinking: in CI a failure is reported at once with its seed (shrinking can take minutes).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FIELDS = [name for name, _heading, _required in procurement.COLUMNS]


def words(max_size=40):
    alphabet = st.sampled_from("กขคงจชซดตทนบปผพฟมยรลวสหอะาิีุูเแโไ่้๊๋๑๒ ABCxyz0123456789.,/()-")
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


amount = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def lines(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for number in range(1, count + 1):
        rows.append(
            {
                "number": number,
                "project": draw(words(200)),
                "budget": draw(amount),
                "method": draw(words(60)),
                "bidders": draw(st.one_of(st.just(""), words())),
                "winner": draw(st.one_of(st.just(""), words())),
                "price": draw(st.one_of(st.none(), amount)),
                "reason": draw(st.one_of(st.just(""), words())),
                "contract_no": draw(st.one_of(st.just(""), words(20))),
                "contract_date": draw(st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2030, 12, 31)))),
            }
        )
    return rows


def to_file(rows, fmt: str) -> bytes:
    table = [[row[f] if row[f] is not None else "" for f in FIELDS] for row in rows]
    if fmt == "xlsx":
        return xlsx_bytes([procurement.HEADINGS, *table])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(procurement.HEADINGS)
    writer.writerows([[c.isoformat() if isinstance(c, date) else c for c in row] for row in table])
    return out.getvalue().encode("utf-8")


def stored(org):
    return [
        {f: getattr(line, f) for f in FIELDS}
        for line in ProcurementLine.objects.for_org(org).order_by("number")
    ]


def expected(rows):
    return [{f: row[f] for f in FIELDS} for row in rows]


@FUZZ
@given(rows=lines(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_valid_files_round_trip_exactly(db, rows, fmt):
    org = make_org()
    with rolled_back():
        result = procurement.import_file(org, 2566, 3, to_file(rows, fmt), f"skr1.{fmt}")
        assert result.ok, result.errors
        assert stored(org) == expected(rows)


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["skr1.xlsx", "skr1.csv", "skr1"]))
def test_random_bytes_give_errors_and_store_nothing(db, data, name):
    org = make_org()
    with rolled_back():
        result = procurement.import_file(org, 2566, 3, data, name)
        if not result.ok:
            assert not ProcurementSummary.objects.exists() and not ProcurementLine.objects.exists()
            assert all(isinstance(e, str) and e for e in result.errors)


@FUZZ
@given(rows=lines(), fmt=st.sampled_from(["xlsx", "csv"]), data=st.data())
def test_damaged_files_are_refused_whole_or_stored_whole(db, rows, fmt, data):
    org = make_org()
    content = bytearray(to_file(rows, fmt))
    if data.draw(st.booleans()):
        del content[at(data.draw(fraction), content) :]
    else:
        for place in data.draw(st.lists(fraction, min_size=1, max_size=8)):
            position = min(at(place, content), len(content) - 1)
            content[position] = data.draw(st.integers(0, 255))
    with rolled_back():
        result = procurement.import_file(org, 2566, 3, bytes(content), f"skr1.{fmt}")
        if result.ok:
            assert ProcurementLine.objects.count() == len(result.lines)
        else:
            assert not ProcurementSummary.objects.exists() and not ProcurementLine.objects.exists()
            assert result.errors


@FUZZ
@given(
    project=st.text(alphabet="กขค abc", min_size=1, max_size=700).filter(str.strip),
    budget=st.decimals(min_value=-(10**16), max_value=10**16, places=3, allow_nan=False),
    number=st.integers(-(10**12), 10**12),
    fmt=st.sampled_from(["xlsx", "csv"]),
)
def test_values_too_long_or_too_large_are_reported_not_crashed(db, project, budget, number, fmt):
    """What a column cannot hold (PostgreSQL refuses it) is an error of its row, never a crash."""
    org = make_org()
    row = {f: "" for f in FIELDS} | {
        "number": number,
        "project": project,
        "budget": budget,
        "method": "ตกลงราคา",
    }
    row |= {"price": None, "contract_date": None}
    with rolled_back():
        result = procurement.import_file(org, 2566, 3, to_file([row], fmt), f"skr1.{fmt}")
        if result.ok:
            line = ProcurementLine.objects.for_org(org).get()
            assert len(line.project) <= 500 and abs(line.budget) < 10**12 and line.number >= 0
        else:
            assert not ProcurementLine.objects.exists() and result.errors
