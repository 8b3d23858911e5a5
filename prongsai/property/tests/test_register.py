"""The register: search with either kind of digits, and all-or-nothing XLSX imports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from prongsai.core.tests.factories import make_org, make_person, make_unit
from prongsai.property import register
from prongsai.property.models import Asset, Category, ItemStatus
from prongsai.property.tests.factories import make_item

pytestmark = pytest.mark.django_db
HEADER = ["รหัสครุภัณฑ์", "ชื่อ", "ประเภท", "หน่วยงาน", "ผู้ดูแล", "สถานที่", "วันที่ได้มา", "มูลค่า"]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def org():
    org = make_org()
    make_unit(org, name="กองคลัง")
    make_person(org, first="สมใจ", last="ตัวอย่าง")
    return org


def test_search_finds_a_code_typed_with_thai_or_arabic_digits(org):
    item = make_item(org, code="๔๑๖-๖๔-๐๐๐๑")
    make_item(org, code="416-65-0002")
    items = Asset.objects.for_org(org)
    assert list(register.search(items, "416-64")) == [item]
    assert list(register.search(items, "๔๑๖-๖๔-๐๐๐๑")) == [item]
    assert register.search(items, "๔๑๖").count() == 2


def test_a_good_file_imports_every_row(org, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx([
        ["๔๑๖-๖๔-๐๐๐๑", "เครื่องฉายภาพ", "ครุภัณฑ์สำนักงาน", "กองคลัง", "นางสมใจ ตัวอย่าง", "ห้องพัสดุ",
         "15 มี.ค. 2564", "๓๕,๙๐๐"],
        ["กข-1234", "รถยนต์บรรทุก", "ยานพาหนะ", "กองคลัง", "", "", date(2019, 5, 2), 787000],
    ]))  # fmt: skip
    call_command("property", "import", str(path), "--org", org.slug, stdout=io.StringIO())
    projector = Asset.objects.for_org(org).get(code_key="416-64-0001")
    assert (projector.category, projector.custodian.first_name, projector.value) == (
        Category.EQUIPMENT, "สมใจ", Decimal("35900"),
    )  # fmt: skip
    assert projector.acquired_on == date(2021, 3, 15)
    truck = Asset.objects.for_org(org).get(code="กข-1234")
    assert (truck.category, truck.status) == (Category.VEHICLE, ItemStatus.AVAILABLE)


def test_duplicate_codes_import_nothing_and_name_both_rows(org):
    rows = [
        ["416-64-0001", "เครื่องฉายภาพ", "อุปกรณ์", "กองคลัง"],
        ["416-64-0002", "จอ", "อุปกรณ์", "กองคลัง"],
        ["๔๑๖-๖๔-๐๐๐๑", "เครื่องฉายภาพ (ซ้ำ)", "อุปกรณ์", "กองคลัง"],
    ]
    result = register.parse_rows(org, [HEADER[:4], *rows])
    assert result.errors == ["แถว 4 (row 4): รหัสซ้ำกับแถว 2 / duplicate code, also on row 2"]
    with pytest.raises(ValueError):
        register.save_import(result)
    assert not Asset.objects.for_org(org).exists()


def test_a_code_already_in_the_register_is_refused(org):
    make_item(org, code="416-64-0001")
    result = register.parse_rows(org, [HEADER[:4], ["๔๑๖-๖๔-๐๐๐๑", "ซ้ำ", "อุปกรณ์", "กองคลัง"]])
    assert "already registered" in result.errors[0]


def test_every_bad_cell_is_reported_by_row(org):
    rows = [
        ["", "", "ของแปลก", "กองที่ไม่มี", "นายไม่มี ตัวตน", "", "32/13/2564", "สามพัน"],
    ]
    errors = register.parse_rows(org, [HEADER, *rows]).errors
    expected_problems = ("code is empty", "name is empty", "unknown category", "unknown unit",
                         "unknown custodian", "unreadable date", "unreadable value")  # fmt: skip
    for expected in expected_problems:
        assert any(expected in e and e.startswith("แถว 2") for e in errors), expected


def test_missing_columns_are_named(org):
    assert "missing columns: ประเภท, หน่วยงาน" in register.parse_rows(org, [["รหัส", "ชื่อ"]]).errors[0]


def test_the_command_refuses_a_bad_file_and_saves_nothing(org, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([["1", "ก", "อุปกรณ์", "กองคลัง"], ["1", "ข", "อุปกรณ์", "กองคลัง"]]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("property", "import", str(path), "--org", org.slug, stdout=out)
    assert "duplicate code" in out.getvalue()
    assert not Asset.objects.for_org(org).exists()
    not_xlsx = tmp_path / "fake.xlsx"
    not_xlsx.write_text("รหัส,ชื่อ")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("property", "import", str(not_xlsx), "--org", org.slug)
