"""The 6- and 12-month progress reports as official documents, and their publication on the OIT portal.

A report is a memo to the mayor with the report attached, made by the documents app's engine
(DOCX, and PDF with a searchable text layer). Publishing puts the PDF under the OIT item
"การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" (o43 in 2564–2566), found by
title because item numbers change from year to year.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.utils.translation import override

from prongsai.disclosure.publishing import item_code_titled, publish
from prongsai.documents import progress
from prongsai.plans import reports
from prongsai.plans.models import Plan

ITEM_TITLE = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
# 2568 folds the measures into the anti-corruption action plan: its report is o26.
ITEM_TITLE_2568 = "รายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต"


def report_item_code(fiscal_year: int) -> str:
    return item_code_titled(fiscal_year, ITEM_TITLE, ITEM_TITLE_2568)


def report_files(plan: Plan, months: int, author, today: date) -> dict[str, bytes]:
    """{"docx": bytes, "pdf": bytes} of the report memo with its attachment, in Thai."""
    with override("th"), tempfile.TemporaryDirectory(prefix="prongsai-report-") as tmp:
        written = progress.render(reports.progress_report(plan, months), author, today, Path(tmp))
        return {kind: Path(written[kind]).read_bytes() for kind in ("docx", "pdf")}


def publish_report(plan: Plan, months: int, user, today: date):
    author = getattr(user, "person", None)
    title = (
        f"รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ {months} เดือน "
        f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"
    )
    return publish(
        plan.organisation, fiscal_year=plan.fiscal_year, item_code=report_item_code(plan.fiscal_year),
        title=title, content=report_files(plan, months, author, today)["pdf"],
        filename=f"progress-{plan.fiscal_year}-{months}m.pdf", user=user,
    )  # fmt: skip
