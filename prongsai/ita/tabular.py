"""Import and export of ITA results as tables, with Thai + English messages.

Two inputs: a result copied from the NACC result page or PDF (`parse_pasted_table`), and a file with
one row per organisation and year (`read_rows` → `validate_rows`; `write_rows` writes the same columns).

Assumptions:
- A file imports all or nothing: `validate_rows` returns no rows when it finds any error.
- Files are read and written by `core/sheets.py` (encodings, delimiters, size and zip-bomb
  limits, formula escaping); `LIMITS` is what one ITA file may hold.
- XLSX: the first sheet. An OLE2 file (magic bytes D0 CF 11 E0) is either a
  password-protected XLSX or an old .xls; neither can be read, and we say which to fix.
- Numbers may use Thai digits (๐–๙). OIT item cells take 1/0, มี/ไม่มี, ผ่าน/ไม่ผ่าน, yes/no.
- Export puts an apostrophe before text starting with = + - @ ' (spreadsheet formula
  injection); import removes it again, so export → import gives back the same rows.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from prongsai.core import sheets
from prongsai.thai.digits import parse_decimal, to_arabic_digits
from prongsai.thai.errors import BilingualError

from .framework import Framework

TEXT_COLUMNS = ("org_code", "org_name", "org_type", "province")
# The lengths of the organisation columns these are stored in (PostgreSQL refuses longer text).
TEXT_LIMITS = {"org_code": 20, "org_name": 200, "province": 100}
SCORE_COLUMNS = tuple(f"i{n}" for n in range(1, 11))
ITEM_COLUMNS = tuple(f"o{n}" for n in range(1, 44))
COLUMNS = (*TEXT_COLUMNS, "year", *SCORE_COLUMNS, "reported_total", "reported_grade", *ITEM_COLUMNS)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
_TRUE = {"1", "มี", "ผ่าน", "yes", "y", "true"}
_FALSE = {"0", "ไม่มี", "ไม่ผ่าน", "no", "n", "false"}
_ITEM = re.compile(r"o(\d+)")


class RowError(NamedTuple):
    row: int
    column: str
    message_th: str
    message_en: str


class TableFileError(BilingualError):
    """A file that cannot be read at all (encrypted, damaged, wrong encoding)."""


@dataclass(frozen=True)
class ResultRow:
    org_code: str
    org_name: str
    org_type: str
    province: str
    year: int
    scores: dict[int, Decimal]
    reported_total: Decimal | None = None
    reported_grade: str = ""
    oit_items: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedTable:
    scores: dict[int, Decimal]
    reported_total: Decimal | None
    reported_grade: str | None
    errors: list[RowError]


# --- pasted result tables ------------------------------------------------------------------

_CODED_LINE = re.compile(
    r"(?:ตัวชี้วัดที่\s*)?(\d{1,2})(?!\d)\s*[.):]?\s*(.*?)\s+(\d{1,3}(?:\.\d+)?)\s*(?:คะแนน|%)?"
)
_NAMED_LINE = re.compile(r"(.*?)\s*:?\s+(\d{1,3}(?:\.\d+)?)\s*(?:คะแนน|%)?")
_TOTAL_WORDS = re.compile(r"รวม|\bITA\b|total|ผลคะแนน|^คะแนน", re.IGNORECASE)
_RATING_WORDS = re.compile(r"ระดับ|ผลการประเมิน|เกรด|grade|level|rating", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d+)?(?![\d.])")
_LETTER = re.compile(r"(?<![A-Za-z])(AA|A|B|C|D|E|F)(?![A-Za-z])")


def parse_pasted_table(text: str, framework: Framework) -> ParsedTable:
    """Scores, reported total and grade from a pasted NACC result, Thai or Arabic digits."""
    scores: dict[int, Decimal] = {}
    errors: list[RowError] = []
    total: Decimal | None = None
    rating: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(to_arabic_digits(raw).replace("\u00a0", " ").split())
        if not line:
            continue
        found = _indicator_line(line, framework)
        if found is None and _TOTAL_WORDS.search(line):
            total = _last_score(line) or total
            rating = _rating_in(line, framework) or rating
        elif found is None and (_RATING_WORDS.search(line) or line in framework.grading.names):
            rating = _rating_in(line, framework) or rating
        elif found is not None:
            _add_score(found, number, framework, scores, errors)
    errors += [
        RowError(0, f"i{c}", f"ไม่พบคะแนนตัวชี้วัดที่ {c}", f"no score found for indicator {c}")
        for c in framework.indicator_codes
        if c not in scores
    ]
    return ParsedTable(scores, total, rating, errors)


def _indicator_line(line: str, framework: Framework) -> tuple[int, str, str] | None:
    """(code, name, score text) when the line is an indicator row, by number or by exact name."""
    coded = _CODED_LINE.fullmatch(line)
    if coded and int(coded.group(1)) in framework.indicator_codes:
        return int(coded.group(1)), coded.group(2), coded.group(3)
    named = _NAMED_LINE.fullmatch(line)
    if named:
        for indicator in framework.indicators:
            if named.group(1).strip() in (indicator.name_th, indicator.name_en):
                return indicator.code, named.group(1).strip(), named.group(2)
    return None


def _add_score(
    found: tuple[int, str, str],
    number: int,
    framework: Framework,
    scores: dict[int, Decimal],
    errors: list[RowError],
) -> None:
    code, name, value = found
    column, score = f"i{code}", Decimal(value)
    other = next(
        (i.code for i in framework.indicators if name in (i.name_th, i.name_en) and i.code != code), None
    )
    if other is not None:
        errors.append(
            RowError(
                number,
                column,
                f"ชื่อ '{name}' เป็นของตัวชี้วัดที่ {other} ไม่ใช่ {code}",
                f"'{name}' is the name of indicator {other}, not {code}",
            )
        )
    elif score > 100:
        errors.append(RowError(number, column, f"คะแนน {score} เกิน 100", f"score {score} is above 100"))
    elif code in scores and scores[code] != score:
        errors.append(
            RowError(
                number,
                column,
                f"ตัวชี้วัดที่ {code} มีคะแนนสองค่า",
                f"indicator {code} appears twice with different scores",
            )
        )
    else:
        scores[code] = score


def _last_score(line: str) -> Decimal | None:
    numbers = [Decimal(n) for n in _NUMBER.findall(line) if Decimal(n) <= 100]
    return numbers[-1] if numbers else None


def _rating_in(line: str, framework: Framework) -> str | None:
    if framework.grading.kind == "grade":
        match = _LETTER.search(line)
        return match.group(1) if match else None
    compact = "".join(line.split())
    return next((n for n in sorted(framework.grading.names, key=len, reverse=True) if n in compact), None)


# --- reading files -------------------------------------------------------------------------


# An ITA file holds at most one row per organisation and year (about 8,000 a year, nationally).
LIMITS = sheets.Limits(max_bytes=30 * sheets.MIB, max_rows=100_000, max_columns=200, max_cell_chars=1_000)


def read_rows(source: str | Path | bytes, filename: str = "") -> list[dict[str, Any]]:
    """Rows of a CSV, XLSX or JSON file as {column: text}, within `LIMITS` (`core/sheets.py`).

    `_row` is the row number in the file (for messages); `_extra_cells` counts filled cells past the
    last header column, which `validate_rows` reports.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = (filename or ("" if isinstance(source, bytes) else str(source))).lower()
    if not data.strip():
        raise TableFileError("ไฟล์ว่างเปล่า", "the file is empty")
    if data.startswith(OLE2_MAGIC):
        raise _ole2_error(name)
    try:
        if data.startswith(ZIP_MAGIC) or name.endswith((".xlsx", ".xlsm")):
            cells = [[_cell_text(v) for v in row] for row in sheets.read(data, name, LIMITS, xlsx=True)]
            return _table_rows(cells, first_row=1)
        sheets.check_size(len(data), LIMITS)
        text = sheets.decode(data)
        if name.endswith(".json") or text.lstrip().startswith("["):
            return _json_rows(text)
        cells = [[c.strip() for c in row] for row in sheets.read(data, name, LIMITS, xlsx=False)]
        return _table_rows(cells, first_row=1)
    except sheets.SheetError as exc:
        raise TableFileError(exc.message_th, exc.message_en) from None


def _ole2_error(name: str) -> TableFileError:
    if name.endswith(".xls"):
        return TableFileError(
            "ไฟล์ Excel รุ่นเก่า (.xls) ใช้ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ .csv",
            "old-format .xls workbooks are not supported; save as .xlsx or .csv",
        )
    return TableFileError(
        "ไฟล์นี้ถูกเข้ารหัสด้วยรหัสผ่าน กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่เป็น .xlsx",
        "this file is password-protected (encrypted); remove the password and save it "
        "again as .xlsx (an old .xls file looks the same: save it as .xlsx)",
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _json_rows(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TableFileError("ไฟล์ JSON ไม่ถูกต้อง", f"not valid JSON: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise TableFileError("JSON ต้องเป็นรายการของแถว", "JSON must be a list of row objects")
    if len(data) > LIMITS.max_rows:
        raise TableFileError(
            f"ไฟล์มีเกิน {LIMITS.max_rows:,} แถว (จำนวนแถวสูงสุด)",
            f"the file has more than {LIMITS.max_rows:,} rows (the row limit)",
        )
    rows = []
    for number, record in enumerate(data, start=1):
        if any(isinstance(v, dict | list) for v in record.values()):
            raise TableFileError(f"แถวที่ {number} มีค่าซ้อนกัน", f"row {number} holds nested values")
        rows.append({_column(k): _cell_text(v) for k, v in record.items()} | {"_row": number})
    return rows


def _table_rows(cells: list[list[str]], first_row: int) -> list[dict[str, Any]]:
    numbered = [(n, row) for n, row in enumerate(cells, start=first_row) if any(row)]
    if not numbered:
        raise TableFileError("ไม่พบแถวหัวตาราง", "no header row found")
    (_, header), body = numbered[0], numbered[1:]
    names = [_column(h) for h in header]
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        raise TableFileError(
            f"ชื่อคอลัมน์ซ้ำ: {', '.join(duplicated)}", f"duplicated columns: {', '.join(duplicated)}"
        )
    return [
        {name: (row[i] if i < len(row) else "") for i, name in enumerate(names) if name}
        | {"_row": n, "_extra_cells": sum(bool(c) for c in row[len(names) :])}
        for n, row in body
    ]


def _column(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).replace("\ufeff", "").strip().lower())


# --- validating rows -----------------------------------------------------------------------


def validate_rows(
    rows: Sequence[Mapping[str, Any]], frameworks: Mapping[int, Framework]
) -> tuple[list[ResultRow], list[RowError]]:
    """Typed rows and every error found; no rows at all when there is any error (all-or-nothing)."""
    errors = _missing_columns(rows)
    if errors:
        return [], errors
    clean: list[ResultRow] = []
    seen: dict[tuple[str, int], int] = {}
    for position, row in enumerate(rows):
        number = int(row.get("_row", position + 2))
        result, row_errors = _validate_row(row, number, frameworks)
        errors += row_errors
        if result is None:
            continue
        key = (result.org_code, result.year)
        if key in seen:
            errors.append(
                RowError(
                    number,
                    "org_code",
                    f"หน่วยงาน {key[0]} ปี {key[1]} ซ้ำกับแถวที่ {seen[key]}",
                    f"organisation {key[0]} year {key[1]} repeats row {seen[key]}",
                )
            )
        seen.setdefault(key, number)
        clean.append(result)
    return ([] if errors else clean), errors


def _missing_columns(rows: Sequence[Mapping[str, Any]]) -> list[RowError]:
    if not rows:
        return [RowError(0, "", "ไม่มีแถวข้อมูล", "the file has no data rows")]
    present = set().union(*(r.keys() for r in rows))
    return [
        RowError(1, c, f"ไม่มีคอลัมน์ {c}", f"column {c} is missing")
        for c in ("org_code", "year", *SCORE_COLUMNS)
        if c not in present
    ]


def _validate_row(
    row: Mapping[str, Any], number: int, frameworks: Mapping[int, Framework]
) -> tuple[ResultRow | None, list[RowError]]:
    errors: list[RowError] = []
    text = {c: str(row.get(c) or "").strip() for c in TEXT_COLUMNS}
    if not text["org_code"]:
        errors.append(RowError(number, "org_code", "ไม่มีรหัสหน่วยงาน", "org_code is missing"))
    for column, limit in TEXT_LIMITS.items():
        if len(text[column]) > limit:
            errors.append(
                RowError(number, column, f"ยาวเกิน {limit} ตัวอักษร", f"longer than {limit} characters")
            )
    if row.get("_extra_cells"):
        # usually a comma inside an unquoted cell ("79,58"): every later cell has shifted
        errors.append(RowError(number, "", "แถวนี้มีช่องเกินหัวตาราง", "the row has more cells than the header"))
    year = _year(row, number, frameworks, errors)
    framework = frameworks.get(year) if year is not None else None
    codes = framework.indicator_codes if framework else tuple(range(1, 11))
    scores = {c: s for c in codes if (s := _score(row, f"i{c}", number, errors, required=True)) is not None}
    total = _score(row, "reported_total", number, errors, required=False)
    grade = _grade(row, number, framework, errors)
    items = _items(row, number, framework, errors)
    if errors or year is None:
        return None, errors
    return ResultRow(
        text["org_code"],
        text["org_name"],
        text["org_type"],
        text["province"],
        year,
        scores,
        total,
        grade,
        items,
    ), errors


def _year(
    row: Mapping[str, Any], number: int, frameworks: Mapping[int, Framework], errors: list[RowError]
) -> int | None:
    raw = str(row.get("year") or "").strip()
    try:
        value = parse_decimal(raw)
    except ValueError:
        errors.append(RowError(number, "year", f"ปี '{raw}' ไม่ใช่ตัวเลข", f"year '{raw}' is not a number"))
        return None
    if value != value.to_integral_value() or int(value) not in frameworks:
        known = ", ".join(map(str, sorted(frameworks)))
        errors.append(
            RowError(
                number,
                "year",
                f"ไม่มีกรอบการประเมินของปี {raw} (ใช้ปี พ.ศ.: {known})",
                f"unknown year {raw}; use a Buddhist-era year with a framework: {known}",
            )
        )
        return None
    return int(value)


def _score(
    row: Mapping[str, Any], column: str, number: int, errors: list[RowError], required: bool
) -> Decimal | None:
    raw = str(row.get(column) or "").strip()
    if not raw:
        if required:
            errors.append(RowError(number, column, f"ไม่มีคะแนน {column}", f"score {column} is missing"))
        return None
    try:
        value = parse_decimal(raw)
    except ValueError:
        errors.append(RowError(number, column, f"'{raw}' ไม่ใช่ตัวเลข", f"'{raw}' is not a number"))
        return None
    if not 0 <= value <= 100:
        errors.append(
            RowError(number, column, f"คะแนน {raw} ต้องอยู่ระหว่าง 0–100", f"score {raw} is outside 0–100")
        )
        return None
    return value


def _grade(row: Mapping[str, Any], number: int, framework: Framework | None, errors: list[RowError]) -> str:
    grade = "".join(str(row.get("reported_grade") or "").split())
    grade = grade.upper() if grade.isascii() else grade
    if grade and framework and grade not in framework.grading.names:
        names = ", ".join(framework.grading.names)
        errors.append(
            RowError(
                number,
                "reported_grade",
                f"ผล '{grade}' ไม่ใช่ระดับของปี {framework.year} ({names})",
                f"'{grade}' is not a rating used in {framework.year} ({names})",
            )
        )
    return grade


def _items(
    row: Mapping[str, Any], number: int, framework: Framework | None, errors: list[RowError]
) -> dict[str, bool]:
    known = {i.code for i in framework.oit_items} if framework else set()
    year = framework.year if framework else ""
    items = {}
    for column, raw in row.items():
        value = str(raw or "").strip().lower()
        if not _ITEM.fullmatch(column) or not value:
            continue
        if known and column not in known:
            errors.append(
                RowError(
                    number, column, f"ไม่มีข้อ {column} ในปี {year}", f"item {column} is not in the {year} list"
                )
            )
        elif value in _TRUE or value in _FALSE:
            items[column] = value in _TRUE
        else:
            errors.append(
                RowError(
                    number,
                    column,
                    f"'{raw}' ต้องเป็น 1/0 มี/ไม่มี หรือ ผ่าน/ไม่ผ่าน",
                    f"'{raw}' must be 1/0, มี/ไม่มี or ผ่าน/ไม่ผ่าน",
                )
            )
    return items


# --- writing -------------------------------------------------------------------------------


def write_rows(rows: Sequence[ResultRow], format: str = "csv") -> bytes:
    """The rows as CSV (UTF-8 with BOM, for Excel), XLSX or JSON, in the columns `read_rows` expects."""
    columns = _columns_for(rows)
    records = [_record(r) for r in rows]
    if format == "csv":
        return _write_csv(columns, records)
    if format == "xlsx":
        return _write_xlsx(columns, records)
    if format == "json":
        data = [{c: _json_value(rec.get(c)) for c in columns} for rec in records]
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"ไม่รู้จักรูปแบบ {format} (unknown format {format}; use csv, xlsx or json)")


def _columns_for(rows: Sequence[ResultRow]) -> list[str]:
    extra_scores = sorted({c for r in rows for c in r.scores if f"i{c}" not in SCORE_COLUMNS})
    extra_items = sorted(
        {c for r in rows for c in r.oit_items if c not in ITEM_COLUMNS}, key=lambda c: int(c[1:])
    )
    return [
        *TEXT_COLUMNS,
        "year",
        *SCORE_COLUMNS,
        *(f"i{c}" for c in extra_scores),
        "reported_total",
        "reported_grade",
        *ITEM_COLUMNS,
        *extra_items,
    ]


def _record(row: ResultRow) -> dict[str, Any]:
    record: dict[str, Any] = {c: getattr(row, c) for c in TEXT_COLUMNS}
    record |= {"year": row.year, "reported_total": row.reported_total, "reported_grade": row.reported_grade}
    record |= {f"i{c}": v for c, v in row.scores.items()}
    return record | dict(row.oit_items)


def _write_csv(columns: list[str], records: list[dict[str, Any]]) -> bytes:
    rows = ([int(v) if isinstance(v := rec.get(c), bool) else v for c in columns] for rec in records)
    return sheets.csv_bytes([columns, *rows])


def _write_xlsx(columns: list[str], records: list[dict[str, Any]]) -> bytes:
    rows = ([_xlsx_value(rec.get(c)) for c in columns] for rec in records)
    return sheets.xlsx_bytes({"Sheet": [columns, *rows]})


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else value


def _json_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else value
