"""A plan as JSON or XLSX: measures with their steps, units, periods, status and progress.

The XLSX is written by `core/sheets.py`, so a measure titled `=HYPERLINK(…)` stays text."""

from __future__ import annotations

import json

from prongsai.core import sheets
from prongsai.plans.content import measure_rows
from prongsai.plans.models import Plan, Step

TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = ["number", "title", "steps", "units", "period_th", "follow_up", "addresses", "progress"]


def data(plan: Plan) -> dict:
    progress: dict[int, list[int]] = {}
    for number, value in (
        Step.objects.for_org(plan.organisation)
        .filter(measure__plan=plan)
        .values_list("measure__number", "progress")
    ):
        progress.setdefault(number, []).append(value)
    measures = []
    for row in measure_rows(plan):
        values = progress.get(row.number, [])
        measures.append({**row.__dict__, "progress": round(sum(values) / len(values)) if values else 0})
    return {
        "organisation": plan.organisation.name_th,
        "fiscal_year": plan.fiscal_year,
        "title": plan.title,
        "measures": measures,
    }


def render(plan: Plan, fmt: str) -> bytes:
    content = data(plan)
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")
    header = ["ลำดับ", "มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล",
              "ประเด็นที่แก้ไข", "ความก้าวหน้า (%)"]  # fmt: skip
    rows = (
        [m["number"], m["title"], "\n".join(f"{n}. {s}" for n, s in enumerate(m["steps"], 1)),
         ", ".join(m["units"]), m["period_th"], m["follow_up"], ", ".join(m["addresses"]), m["progress"]]
        for m in content["measures"]
    )  # fmt: skip
    return sheets.xlsx_bytes({f"FY{plan.fiscal_year}": [header, *rows]})
