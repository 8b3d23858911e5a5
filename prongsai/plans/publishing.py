"""Publish a progress report of the plan to the OIT disclosure portal in one action.

The 6- and 12-month reports are what OIT item "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและ
ความโปร่งใสภายในหน่วยงาน" (o43 in 2564–2566) asks for. The item is found by that title in the
fiscal year's framework, because item numbers change from year to year. The report is printed
to PDF with the documents app's Chromium renderer (a searchable text layer, unlike WeasyPrint).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import override

from prongsai.disclosure.publishing import publish
from prongsai.documents.render.html import html_to_pdf
from prongsai.ita.results import framework_for
from prongsai.plans import reports
from prongsai.plans.models import Plan

ITEM_TITLE = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"


def report_item_code(fiscal_year: int) -> str:
    for item in framework_for(fiscal_year).oit_items:
        if ITEM_TITLE in item.title_th:
            return item.code
    raise ValueError(
        f"กรอบการประเมินปี {fiscal_year} ไม่มีข้อการดำเนินการตามมาตรการ "
        f"(the {fiscal_year} framework has no item on carrying out the measures)"
    )


def report_pdf(plan: Plan, months: int) -> bytes:
    """The report page as an A4 PDF, with the site's stylesheets read from disk."""
    with override("th"):
        html = render_to_string("plans/report_document.html", {
            "plan": plan, "report": reports.progress_report(plan, months),
            "organisation": plan.organisation,
            "stylesheets": [Path(finders.find(p)).as_uri() for p in ("core/prongsai.css", "plans/print.css")],
        })  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="prongsai-report-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(html, encoding="utf-8")
        return html_to_pdf(source, Path(tmp) / "report.pdf").read_bytes()


def publish_report(plan: Plan, months: int, user=None):
    title = (
        f"รายงานการกำกับติดตามการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ {months} เดือน "
        f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"
    )
    return publish(
        plan.organisation, fiscal_year=plan.fiscal_year, item_code=report_item_code(plan.fiscal_year),
        title=title, content=report_pdf(plan, months), filename=f"progress-{plan.fiscal_year}-{months}m.pdf",
        user=user,
    )  # fmt: skip
