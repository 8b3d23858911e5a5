"""Issue 15's acceptance in a real browser, on today's real date with the demo loaded: the analyst
publishes a document to an OIT item of the current fiscal year, sees the readiness score move,
exports the ITAS table, and drafts the plan that follows last year's ITA result."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import timezone

from prongsai.core.demo import DEMO_PASSWORD, load_demo
from prongsai.core.models import Organisation
from prongsai.disclosure.catalogue import readiness
from prongsai.disclosure.models import Item
from prongsai.disclosure.tests.factories import PDF
from prongsai.plans.models import Plan
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
READY = re.compile(r"(\d+)\s*/\s*(\d+)")


def _items_ready(page) -> tuple[int, int]:
    card = page.locator(".card", has_text="ข้อที่พร้อม").first
    found = READY.search(card.inner_text())
    assert found, card.inner_text()
    return int(found[1]), int(found[2])


def test_the_analyst_does_this_years_work_this_year(live_server, page, tmp_path):
    load_demo()
    org = Organisation.objects.get(slug="bophloi")
    year = fiscal_year_of(timezone.localdate())
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("analyst")
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")

    # The current year's checklist: about half ready, as the demo left it.
    page.goto(f"{base}/staff/disclosure/{year}/")
    ready, total = _items_ready(page)
    assert total >= 20 and 0 < ready < total
    missing = next(i for i in Item.objects.for_org(org).filter(year=year).order_by("order", "pk")
                   if i.pk not in readiness(org, year).ready)  # fmt: skip

    # Publish a PDF to a missing item of this fiscal year.
    document = tmp_path / "รายงานประจำปี.pdf"
    document.write_bytes(PDF)
    title = f"{missing.title_th} ปีงบประมาณ {to_thai_digits(str(year))} (เผยแพร่ทดสอบ)"
    page.goto(f"{base}/staff/disclosure/{year}/items/{missing.pk}/")
    page.fill("#id_title", title)
    page.set_input_files("#id_file", str(document))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert title in page.content()

    # The readiness score moves by that one item.
    page.goto(f"{base}/staff/disclosure/{year}/")
    assert _items_ready(page) == (ready + 1, total)

    # The ITAS table downloads and lists the item with the publication's address.
    page.goto(f"{base}/staff/disclosure/{year}/itas/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.failure() is None and download.suggested_filename == f"oit-bophloi-{year}.csv"
    saved = tmp_path / "itas.csv"
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r and r[0] == missing.code)
    assert any("/bophloi/" in cell for cell in row[2:]), row

    # Last year's result gives this year's plan: the demo drafted it, so the analyst drafts it anew.
    Plan.objects.for_org(org).filter(fiscal_year=year).delete()
    page.goto(f"{base}/staff/ita/{year - 1}/")  # the analysis the plan is drafted from
    assert page.locator(".card", has_text="คะแนนรวมตามที่ ป.ป.ช. ประกาศ").count() == 1
    page.goto(f"{base}/staff/plans/")
    page.select_option("#id_fiscal_year", str(year))  # the year picker offers every fiscal year
    page.locator("form[action$='/staff/plans/draft/'] button[type=submit]").click()
    page.wait_for_url("**/staff/plans/*/")
    plan = Plan.objects.for_org(org).get(fiscal_year=year)
    assert plan.source_result.year == year - 1
    text = page.content()
    assert f"จัดทำจากผลการวิเคราะห์ ITA ปี {to_thai_digits(str(year - 1))}" in text
    assert plan.measures.count() >= 3
