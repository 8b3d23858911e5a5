"""The OIT item list as a spreadsheet: the template an administrator fills in, and its reader.

One row per item, fixed columns (`COLUMNS`). Read through `core.sheets` (its size and zip-bomb
limits); every error names the row and column, in Thai and English, before anything is saved.
"""

from __future__ import annotations

from prongsai.core import sheets
from prongsai.ita.framework import Framework, FrameworkError

COLUMNS = (
    "code",
    "title_th",
    "heading_th",
    "indicator",
    "sub_indicator",
    "requirement_th",
    "verified",
    "source",
)
LIMITS = sheets.Limits(max_bytes=2 * sheets.MIB, max_rows=1000, max_columns=len(COLUMNS) + 5)
YES = {"yes", "y", "true", "1", "ใช่", "ยืนยัน", "ยืนยันแล้ว", "x", "✓"}
NO = {"", "no", "n", "false", "0", "ไม่", "ไม่ใช่", "ยังไม่ยืนยัน"}


def _letter(n: int) -> str:
    return chr(ord("A") + n)


def _where(row: int, column: int) -> str:
    return f"row {row}, column {_letter(column)} ({COLUMNS[column]})"


def template(framework: Framework, raw: dict[str, dict]) -> bytes:
    rows = [list(COLUMNS)]
    for item in framework.oit_items:
        entry = raw.get(item.code, {})
        rows.append(
            [
                item.code,
                item.title_th,
                item.heading_th,
                item.indicator,
                item.sub_indicator or "",
                item.requirement_th,
                "no" if item.unverified else "yes",
                str(entry.get("source") or item.note or ""),
            ]
        )
    return sheets.xlsx_bytes({f"OIT {framework.year}": rows}, widths={"B": 50, "C": 30, "F": 60, "H": 40})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_items(
    content: bytes, filename: str, framework: Framework, *, declared_subs: bool = True
) -> list[dict]:
    """The rows as `oit_items` entries, checked against the framework's indicators and, where the
    framework declares them, its sub-indicators (otherwise the items define them)."""
    try:
        rows = list(sheets.read(content, filename, LIMITS, xlsx=True))
    except sheets.SheetError as exc:
        raise FrameworkError(filename, exc.message_th, exc.message_en) from exc
    if not rows:
        raise FrameworkError(filename, "ไฟล์ว่าง", "the file is empty")
    header = [_text(v).lower() for v in rows[0]]
    for n, name in enumerate(COLUMNS):
        found = header[n] if n < len(header) else ""
        if found != name:
            raise FrameworkError(
                _where(1, n),
                f"หัวคอลัมน์ต้องเป็น {name} (พบ '{found}')",
                f"the header must be {name} (found '{found}')",
            )
    indicators = {i.code for i in framework.indicators}
    subs = {s.code: s.indicator for s in framework.oit_subindicators} if declared_subs else {}
    items, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [_text(v) for v in row] + [""] * len(COLUMNS)
        if not any(cells[: len(COLUMNS)]):
            continue
        items.append(_item(cells, number, indicators, subs, seen))
    if not items:
        raise FrameworkError(filename, "ไม่มีรายการข้อ OIT ในไฟล์", "the file lists no OIT items")
    return items


def _item(cells: list[str], row: int, indicators: set[int], subs: dict[str, int], seen: dict) -> dict:
    code = cells[0].lower()
    if not code.startswith("o") or not code[1:].isdigit():
        raise FrameworkError(
            _where(row, 0), "รหัสข้อต้องเป็นแบบ o1, o2, ...", "item code must look like o1, o2, ..."
        )
    if code in seen:
        raise FrameworkError(
            _where(row, 0), f"รหัส {code} ซ้ำกับแถว {seen[code]}", f"code {code} repeats row {seen[code]}"
        )
    seen[code] = row
    if not cells[1]:
        raise FrameworkError(_where(row, 1), "ต้องมีชื่อข้อ", "the item needs a title")
    sub = cells[4]
    if not sub:
        raise FrameworkError(
            _where(row, 4), "ทุกข้อต้องจัดเข้าตัวชี้วัดย่อย", "every item must be mapped to a sub-indicator"
        )
    indicator = _indicator(cells[3], row, indicators)
    if subs and sub not in subs:
        raise FrameworkError(_where(row, 4), f"ไม่มีตัวชี้วัดย่อย {sub}", f"unknown sub-indicator {sub}")
    if subs and indicator is not None and subs[sub] != indicator:
        raise FrameworkError(
            _where(row, 3),
            f"ตัวชี้วัดย่อย {sub} อยู่ในตัวชี้วัด {subs[sub]} ไม่ใช่ {indicator}",
            f"sub-indicator {sub} belongs to indicator {subs[sub]}, not {indicator}",
        )
    verified = cells[6].lower()
    if verified not in YES | NO:
        raise FrameworkError(_where(row, 6), "ต้องเป็น yes หรือ no", "must be yes or no")
    entry = {"code": code, "title_th": cells[1], "heading_th": cells[2], "sub_indicator": sub}
    if indicator is not None:
        entry["indicator"] = indicator
    if cells[5]:
        entry["requirement_th"] = cells[5]
    if verified not in YES:
        entry["unverified"] = True
    if cells[7]:
        entry["source"] = cells[7]
    return entry


def _indicator(text: str, row: int, indicators: set[int]) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) not in indicators:
        raise FrameworkError(_where(row, 3), f"ไม่มีตัวชี้วัด {text}", f"unknown indicator {text}")
    return int(text)
