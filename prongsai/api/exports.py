"""Bulk downloads: one organisation's public data of one fiscal year as CSV, XLSX or JSON.

Every dataset is read through `data.py` (the same rules as the API and the public pages) and
costs a fixed number of queries. CSV holds one table, so "all" in CSV is a ZIP of one CSV per
dataset. Both are written by `core/sheets.py`: text starting with = + - @ ' tab or CR gets an
apostrophe and stays text (spreadsheet formula injection).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Literal

from django.core.serializers.json import DjangoJSONEncoder
from ninja import Schema

from prongsai.api import data
from prongsai.core import sheets
from prongsai.disclosure import itas
from prongsai.ita.models import Result
from prongsai.plans.models import Plan

DATASETS = (
    "oit",
    "publications",
    "procurement",
    "ita",
    "complaint_statistics",
    "property_statistics",
    "consultations",
    "plans",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


class ExportQuery(Schema):
    format: Literal["csv", "xlsx", "json"] = "json"
    dataset: Literal["all", *DATASETS] = "all"  # type: ignore[valid-type]


Table = tuple[list[str], list[list]]


def _oit(org, year, base_url) -> Table:
    rows = itas.rows(org, year, base_url)
    return ["code", "title", "ready", "urls"], [
        [r["code"], r["title"], r["ready"], " ".join(r["urls"])] for r in rows
    ]


def _publications(org, year, base_url) -> Table:
    header = ["id", "year", "item_code", "title", "kind", "url", "file_type", "filename", "text",
              "publish_at", "period_start", "period_end", "supersedes"]  # fmt: skip
    rows = data.publications(org).filter(item__year=year)
    return header, [[data.publication(p, org, base_url)[h] for h in header] for p in rows]


def _procurement(org, year, base_url) -> Table:
    header = ["year", "month", "number", "project", "budget", "method", "bidders", "winner", "price",
              "reason", "contract_no", "contract_date"]  # fmt: skip
    return header, [
        [data.procurement_line(line)[h] for h in header] for line in data.procurement_lines(org, year)
    ]


def _ita(org, year, base_url) -> Table:
    header = [
        "year",
        *(f"i{n}" for n in range(1, 11)),
        "total",
        "rating",
        "reported_total",
        "reported_rating",
    ]
    rows = []
    for result in Result.objects.for_org(org).filter(year=year):
        row = data.ita_result(result)
        rows.append([year, *row["scores"].values(), row["total"], row["rating"], row["reported_total"],
                     row["reported_rating"]])  # fmt: skip
    return header, rows


def _complaint_statistics(org, year, base_url) -> Table:
    found = data.complaint_statistics(org, year)
    rows = [["total", "", "", found["total"]]]
    for section in ("by_category", "by_state", "by_month"):
        rows += [[section, r["code"], r["label"], r["value"]] for r in found[section]]
    return ["section", "code", "label", "value"], rows


def _property_statistics(org, year, base_url) -> Table:
    found = data.property_statistics(org, year)
    return ["category", "items", "loans", "late"], [
        [r["category"], r["items"], r["loans"], r["late"]] for r in found["categories"]
    ]


def _consultations(org, year, base_url) -> Table:
    header = ["consultation", "opens_on", "closes_on", "theme", "you_said", "answer", "we_did", "changed_on"]
    rows = []
    for c in data.consultations(org, year):
        for t in c.themes.all():
            rows.append(
                [c.title, c.opens_on, c.closes_on, t.title, t.you_said, t.answer, t.we_did, t.changed_on]
            )
        if not c.themes.all():
            rows.append([c.title, c.opens_on, c.closes_on, "", "", "", "", None])
    return header, rows


def _plans(org, year, base_url) -> Table:
    header = ["measure", "measure_title", "period", "step", "unit", "status", "progress"]
    plan = Plan.objects.for_org(org).filter(fiscal_year=year, published=True).first()
    if plan is None:
        return header, []
    rows = []
    for m in data.plan_progress(plan)["measures"]:
        rows += [[m["number"], m["title"], m["period"], s["text"], s["unit"], s["status"], s["progress"]]
                 for s in m["steps"]]  # fmt: skip
    return header, rows


READERS = {name: globals()[f"_{name}"] for name in DATASETS}


def tables(org, year: int, dataset: str, base_url: str) -> dict[str, Table]:
    names = DATASETS if dataset == "all" else (dataset,)
    if any(name not in READERS for name in names):
        raise ValueError(f"ไม่รู้จักชุดข้อมูล “{dataset}” (unknown dataset “{dataset}”)")
    return {name: READERS[name](org, year, base_url) for name in names}


def _csv(table: Table) -> bytes:
    header, rows = table
    return sheets.csv_bytes([header, *rows])


def _xlsx(found: dict[str, Table]) -> bytes:
    return sheets.xlsx_bytes({name: [header, *rows] for name, (header, rows) in found.items()})


def _json(org, year: int, found: dict[str, Table]) -> bytes:
    body = {
        "organisation": org.slug,
        "fiscal_year": year,
        "datasets": {name: [dict(zip(h, r, strict=True)) for r in rows] for name, (h, rows) in found.items()},
    }
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def export(org, year: int, fmt: str, dataset: str, base_url: str) -> tuple[bytes, str, str]:
    """(content, content type, file name); ValueError (Thai + English) for an unknown format."""
    found = tables(org, year, dataset, base_url)
    stem = f"prongsai-{org.slug}-{year}-{dataset}"
    if fmt == "json":
        return _json(org, year, found), CONTENT_TYPES["json"], f"{stem}.json"
    if fmt == "xlsx":
        return _xlsx(found), CONTENT_TYPES["xlsx"], f"{stem}.xlsx"
    if fmt != "csv":
        raise ValueError(
            f"ไม่รู้จักรูปแบบ “{fmt}” ใช้ csv, xlsx หรือ json (unknown format “{fmt}”: csv, xlsx or json)"
        )
    if len(found) == 1:
        return _csv(next(iter(found.values()))), CONTENT_TYPES["csv"], f"{stem}.csv"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in found.items():
            archive.writestr(f"{name}.csv", _csv(table))
    return out.getvalue(), CONTENT_TYPES["zip"], f"{stem}.zip"
