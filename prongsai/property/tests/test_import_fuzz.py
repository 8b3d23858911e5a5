"""Generated registers through the property import (the task `tasks.import_register`).

Valid XLSX registers round-trip exactly: each stored item holds what its row said. Random
bytes, damaged workbooks and workbooks of random cells never raise: the job reports errors
(or an unreadable file) and nothing is stored; a file that is still valid is stored whole.
"""

import io
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from prongsai.core.models import Job
from prongsai.core.tests.factories import make_org, make_person, make_unit
from prongsai.core.tests.fuzzing import at, fraction, rolled_back
from prongsai.property import register, tasks
from prongsai.property.models import Asset, Category, ItemStatus, code_key

# No shrinking: in CI a failure is reported at once with its seed (shrinking can take minutes).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = ["รหัสครุภัณฑ์", "ชื่อครุภัณฑ์", "ประเภท", "หน่วยงาน", "ผู้ดูแล", "สถานที่", "วันที่ได้มา", "มูลค่า", "สถานะ"]
UNITS = ("กองคลัง", "กองช่าง")
CUSTODIAN = ("นาง", "สมหญิง", "ใจดี")
# Thai words and codes: labels are translated, so what they read as depends on the language.
CATEGORY = {**register.CATEGORY_WORDS, **{code: code for code in Category.values}}
STATUS = {**register.STATUS_WORDS, **{code: code for code in ItemStatus.values}}
FIELDS = ("code", "name", "category", "unit", "custodian", "location", "acquired_on", "value", "status")
text = st.text(alphabet=st.sampled_from("กขคงจชดตนบปมยรลวสหอาิีุเแโ่้ ABCxyz019"), min_size=1, max_size=40)


@st.composite
def registers(draw):
    codes = draw(
        st.lists(
            st.text(alphabet="0123456789-๑๒๓ABC", min_size=1, max_size=20).filter(lambda c: c.strip("-")),
            min_size=1,
            max_size=8,
            unique_by=code_key,
        )
    )
    rows = []
    for code in codes:
        rows.append(
            {
                "code": code,
                "name": draw(text.map(str.strip).filter(bool)),
                "category": draw(st.sampled_from(sorted(CATEGORY))),
                "unit": draw(st.sampled_from(UNITS)),
                "custodian": draw(st.sampled_from(["", "".join(CUSTODIAN[:2]) + " " + CUSTODIAN[2]])),
                "location": draw(st.one_of(st.just(""), text.map(str.strip))),
                "acquired_on": draw(st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31)))),
                "value": draw(st.one_of(st.none(), st.decimals(0, 10**9, places=2, allow_nan=False))),
                "status": draw(st.one_of(st.just(""), st.sampled_from(sorted(STATUS)))),
            }
        )
    return rows


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_cells(row: dict) -> list:
    return [row[k] if row[k] is not None else "" for k in FIELDS]


def run_import(org, content: bytes) -> dict:
    job = Job(organisation=org, kind="property.import", payload={"filename": "register.xlsx"})
    job.upload.save("register.xlsx", ContentFile(content), save=True)
    return tasks.import_register.call(job.pk)


def office(org):
    units = [make_unit(org, name) for name in UNITS]
    make_person(org, first=CUSTODIAN[1], last=CUSTODIAN[2])
    return units


@FUZZ
@given(rows=registers())
def test_valid_registers_round_trip_exactly(db, rows):
    org = make_org()
    with rolled_back():
        office(org)
        outcome = run_import(org, workbook([HEADER, *[as_cells(r) for r in rows]]))
        assert outcome["errors"] == [] and outcome["imported"] == len(rows)
        stored = {a.code: a for a in Asset.objects.for_org(org).select_related("unit", "custodian")}
        for row in rows:
            item = stored[row["code"]]
            assert (item.name, item.unit.name_th, item.location) == (
                row["name"],
                row["unit"],
                row["location"],
            )
            assert item.category == CATEGORY[row["category"]]
            assert item.status == (STATUS[row["status"]] if row["status"] else ItemStatus.AVAILABLE)
            assert item.acquired_on == row["acquired_on"]
            assert item.value == (Decimal(row["value"]) if row["value"] is not None else None)
            assert (item.custodian is not None) == bool(row["custodian"])


cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=30),  # what a sheet can hold
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.sampled_from(["25/3/2565", "31/2/2565", "1/2", "๑ มี.ค. ๖๕", "-5", "1e9", "∞", "กองคลัง", "ยานพาหนะ"]),
)


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=10), max_size=6))
def test_random_cells_are_reported_row_by_row_or_stored_whole(db, rows):
    org = make_org()
    with rolled_back():
        office(org)
        outcome = run_import(org, workbook([HEADER, *rows]))
        stored = Asset.objects.for_org(org).count()
        if outcome["errors"] or outcome.get("unreadable"):
            assert stored == 0 and outcome["imported"] == 0
        else:
            assert stored == outcome["imported"]


@FUZZ
@given(rows=registers(), data=st.data())
def test_damaged_or_random_files_store_nothing(db, rows, data):
    org = make_org()
    content = bytearray(workbook([HEADER, *[as_cells(r) for r in rows]]))
    if data.draw(st.booleans()):
        del content[at(data.draw(fraction), content) :]
    else:
        for place in data.draw(st.lists(fraction, min_size=1, max_size=8)):
            position = min(at(place, content), len(content) - 1)
            content[position] = data.draw(st.integers(0, 255))
    if data.draw(st.integers(0, 4)) == 0:
        content = bytearray(data.draw(st.binary(max_size=500)))
    with rolled_back():
        office(org)
        outcome = run_import(org, bytes(content))
        stored = Asset.objects.for_org(org).count()
        assert stored == outcome["imported"]
        if outcome["errors"] or outcome.get("unreadable"):
            assert stored == 0


@FUZZ
@given(
    code=st.text(alphabet="0123456789-", min_size=1, max_size=90).filter(lambda c: c.strip("-")),
    name=st.text(alphabet="กขค abc", min_size=1, max_size=300).filter(str.strip),
    value=st.decimals(min_value=0, max_value=10**16, places=3, allow_nan=False),
)
def test_values_too_long_or_too_large_are_reported_not_crashed(db, code, name, value):
    """What a column cannot hold (PostgreSQL refuses it) is an error of its row, never a crash."""
    org = make_org()
    row = ["" for _ in FIELDS]
    row[:4], row[7] = [code, name, "ยานพาหนะ", UNITS[0]], value
    with rolled_back():
        office(org)
        outcome = run_import(org, workbook([HEADER, row]))
        stored = Asset.objects.for_org(org).count()
        assert stored == outcome["imported"]
        if outcome["errors"]:
            assert stored == 0
