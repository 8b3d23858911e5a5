"""The one way Prongsai reads and writes spreadsheets (CSV and XLSX), for every import and export.

Why one module: a spreadsheet is both what we publish and what we are sent, and both sides have
a trap. A published cell such as `=HYPERLINK(…)` becomes a live formula in the reader's Excel
(formula injection); a small uploaded file can expand to gigabytes (a zip bomb) or run for
minutes. Each import and export calls this module, so no page can forget either.

Reading (`read`):
- The file size is checked first; XLSX is a zip, whose central directory declares every
  member's size: the total and the compression ratio are checked before openpyxl opens it
  (Python's zipfile never inflates a member past its declared size). defusedxml, when installed,
  makes openpyxl refuse XML entity expansion.
- CSV text is UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"), otherwise
  TIS-620 / Windows-874 (read as cp874, a superset of TIS-620); the delimiter (comma, semicolon
  or tab) is taken from the header line.
- Rows are streamed; the row count, column count and cell length are checked while reading.
  Exceeding a limit raises `SheetError`, whose Thai and English message names the limit, before
  the caller has written anything.
- A text cell written escaped (below) is read back unescaped, so export → import round-trips.

Writing (`escape`, `csv_bytes`, `CsvWriter`, `append`, `xlsx_bytes`): text starting with
= + - @ ' tab or CR gets an apostrophe in front, and XLSX text cells are always string cells,
never formulas. Numbers, dates and booleans are written as they are.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from prongsai.thai.errors import BilingualError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
DANGEROUS_FIRST = ("=", "+", "-", "@", "'", "\t", "\r")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What zipfile raises for a damaged or truncated archive (found by the fuzz tests);
# NotImplementedError: a "zip version" or a compression method it does not know.
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError)
# ...and openpyxl, for a workbook.
DAMAGED_XLSX = (
    *DAMAGED_ZIP, InvalidFileException, KeyError, IndexError, SyntaxError, TypeError, AttributeError,
)  # fmt: skip
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one file may hold; each import picks its own, these defaults suit most."""

    max_bytes: int = 20 * MIB
    max_rows: int = 50_000
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_uncompressed: int = 200 * MIB  # all members of an XLSX together, once inflated
    max_ratio: int = 200  # inflated size / compressed size of one member (a zip bomb is ~1000)
    max_members: int = 1_000


class SheetError(BilingualError):
    """A file that cannot be read, or that goes over a limit (`limit` names which one)."""

    def __init__(self, message_th: str, message_en: str, *, limit: str = "") -> None:
        super().__init__(message_th, message_en)
        self.limit = limit


# --- reading -------------------------------------------------------------------------------


def read(
    data: bytes, filename: str = "", limits: Limits = Limits(), *, xlsx: bool | None = None
) -> Iterator[list[Any]]:
    """The rows of the first sheet (XLSX: typed values; CSV: text), streamed, within `limits`.

    The file's kind is taken from its bytes (a zip is XLSX), or forced with `xlsx`.
    """
    check_size(len(data), limits)
    if data.startswith(OLE2_MAGIC):
        raise SheetError(
            "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) หรือถูกเข้ารหัสด้วยรหัสผ่าน กรุณาบันทึกใหม่เป็น .xlsx",
            "this is an old .xls workbook or a password-protected file; save it again as .xlsx",
        )
    if xlsx is None:
        xlsx = data.startswith(ZIP_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm"))
    rows = _xlsx_rows(data, limits) if xlsx else _csv_rows(decode(data), limits)
    yield from _within_limits(rows, limits)


def check_size(size: int, limits: Limits = Limits()) -> None:
    if size > limits.max_bytes:
        raise SheetError(
            f"ไฟล์ใหญ่ {_mib(size)} MB เกินขนาดสูงสุด {_mib(limits.max_bytes)} MB",
            f"the file is {_mib(size)} MB, over the file size limit of {_mib(limits.max_bytes)} MB",
            limit="max_bytes",
        )


def check_zip(data: bytes | IO[bytes], limits: Limits = Limits()) -> None:
    """Refuse a zip whose members would inflate past the limits, reading only its directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            members = archive.infolist()
    except DAMAGED_ZIP as exc:
        raise _damaged() from exc
    if len(members) > limits.max_members:
        raise SheetError(
            f"ไฟล์ XLSX มีส่วนประกอบ {len(members):,} ส่วน เกินจำนวนสูงสุด {limits.max_members:,}",
            f"the XLSX file has {len(members):,} parts, over the limit of {limits.max_members:,}",
            limit="max_members",
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed:
        raise SheetError(
            f"ไฟล์ XLSX เมื่อขยายแล้วใหญ่ {_mib(total)} MB เกินขนาดสูงสุด {_mib(limits.max_uncompressed)} MB",
            f"the XLSX file inflates to {_mib(total)} MB, over the uncompressed size limit "
            f"of {_mib(limits.max_uncompressed)} MB",
            limit="max_uncompressed",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MIB and ratio > limits.max_ratio:
            raise SheetError(
                f"ไฟล์ XLSX ถูกบีบอัดมากผิดปกติ ({ratio:,.0f} เท่า เกินอัตราสูงสุด {limits.max_ratio} เท่า) "
                "อาจเป็นไฟล์อันตราย (zip bomb)",
                f"the XLSX file is compressed {ratio:,.0f} times, over the compression ratio limit "
                f"of {limits.max_ratio}: it looks like a zip bomb",
                limit="max_ratio",
            )


def decode(data: bytes) -> str:
    """CSV text: a BOM names the encoding; otherwise UTF-8, then TIS-620 / Windows-874."""
    encodings = next(((name,) for bom, name in BOMS if data.startswith(bom)), ("utf-8", "cp874"))
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # NUL bytes: a binary file, or UTF-16 without its BOM
            return text
    raise SheetError(
        "อ่านตัวอักษรในไฟล์ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ CSV UTF-8",
        "cannot decode the file as UTF-8 or TIS-620/Windows-874; save it as .xlsx or CSV UTF-8",
    )


def unescape(value: Any) -> Any:
    """The text before `escape` (a text cell starting with an apostrophe and a formula sign)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in DANGEROUS_FIRST:
        return value[1:]
    return value


def _csv_rows(text: str, limits: Limits) -> Iterator[list[str]]:
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=lambda d: (header.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:  # e.g. a cell over csv.field_size_limit(), or a NUL byte
        raise SheetError(
            f"แถวที่ {reader.line_num} ของไฟล์ CSV อ่านไม่ได้ ({exc})",
            f"line {reader.line_num} of the CSV file cannot be read ({exc})",
        ) from None


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple]:
    check_zip(data, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style warnings from other spreadsheet programs
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                # Read-only sheets inflate lazily: a damaged file can fail while rows are read.
                yield from book.worksheets[0].iter_rows(max_col=limits.max_columns + 1, values_only=True)
            finally:
                book.close()
    except SheetError:
        raise
    except DAMAGED_XLSX as exc:
        raise _damaged() from exc


def _within_limits(rows: Iterable[Sequence[Any]], limits: Limits) -> Iterator[list[Any]]:
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise SheetError(
                f"ไฟล์มีเกิน {limits.max_rows:,} แถว (จำนวนแถวสูงสุด) กรุณาแบ่งเป็นหลายไฟล์",
                f"the file has more than {limits.max_rows:,} rows (the row limit); "
                "split it into smaller files",
                limit="max_rows",
            )
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if len(cells) > limits.max_columns:
            raise SheetError(
                f"แถวที่ {number} มีเกิน {limits.max_columns:,} คอลัมน์ (จำนวนคอลัมน์สูงสุด)",
                f"row {number} has more than {limits.max_columns:,} columns (the column limit)",
                limit="max_columns",
            )
        for cell in cells:
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise SheetError(
                    f"แถวที่ {number} มีช่องยาวเกิน {limits.max_cell_chars:,} ตัวอักษร (ความยาวสูงสุดของช่อง)",
                    f"row {number} has a cell longer than {limits.max_cell_chars:,} characters "
                    "(the cell length limit)",
                    limit="max_cell_chars",
                )
        yield [unescape(c) for c in cells]


def _damaged() -> SheetError:
    return SheetError(
        "ไฟล์ XLSX เสียหายหรือไม่สมบูรณ์ กรุณาเปิดแล้วบันทึกใหม่",
        "the XLSX file is damaged or incomplete; open it and save it again",
    )


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f}"


# --- writing -------------------------------------------------------------------------------


def escape(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets an apostrophe in front; the rest is kept."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return escape(value)


class CsvWriter:
    """csv.writer that escapes every cell; write into a response or a StringIO."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([_csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """Rows as CSV in UTF-8; the BOM makes Excel read Thai correctly."""
    out = io.StringIO(newline="")
    CsvWriter(out).writerows(rows)
    return (codecs.BOM_UTF8 if bom else b"") + out.getvalue().encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | Decimal | date | time):
        aware = isinstance(value, datetime | time) and value.tzinfo is not None
        return value.isoformat() if aware else value  # Excel has no time zones
    return escape(value if isinstance(value, str) else str(value))


def append(sheet, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet: text escaped and stored as text, never as a formula."""
    sheet.append([_xlsx_cell(v) for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_bytes(
    sheets: Mapping[str, Iterable[Iterable[Any]]], widths: Mapping[str, float] | None = None
) -> bytes:
    """A workbook with one sheet per entry (title → rows), every row written by `append`."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        for letter, width in (widths or {}).items():
            sheet.column_dimensions[letter].width = width
        for row in rows:
            append(sheet, row)
    return save(book)


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
