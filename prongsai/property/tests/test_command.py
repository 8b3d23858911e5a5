"""`prongsai property report` and `labels`: the supervisors' figures as JSON or XLSX, the label PDF."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from prongsai.core.tests.factories import make_org
from prongsai.property import actions
from prongsai.property.tests.factories import make_borrower, make_item, make_loan, make_office

pytestmark = pytest.mark.django_db
DAY = date(2022, 3, 1)
FY2565 = ("--from", "2021-10-01", "--to", "2022-09-30")


@pytest.fixture
def org():
    org = make_org()
    unit, head, officer, _ = make_office(org, unit_name="กองช่าง")
    loan = make_loan(
        make_borrower(org), [make_item(org, unit), make_item(org, unit)], today=DAY, start=DAY, days=3
    )
    actions.transition(loan, "approve", head, today=DAY)
    actions.transition(
        loan, "hand_over", officer, today=DAY, data={"condition": "ดี", "borrower_accepts": True}
    )
    actions.transition(
        loan, "return", officer, today=DAY + timedelta(days=5),
        data={"condition": "ล้อแตก", "damage": "ล้อแตก", "custodian_accepts": True},
    )  # fmt: skip
    return org


def test_report_as_json_counts_use_late_returns_and_damage(org):
    out = io.StringIO()
    call_command("property", "report", "--org", org.slug, *FY2565, "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    [row] = report["units"]
    assert (row["unit"], row["items"], row["items_used"], row["used"], row["late"], row["damaged"]) == (
        "กองช่าง", 2, 2, 1, 1, 1,
    )  # fmt: skip
    assert sum(p["used"] for p in report["people"]) == 1 and sum(p["damaged"] for p in report["people"]) == 1


def test_report_as_xlsx(org, tmp_path):
    path = tmp_path / "use.xlsx"
    call_command("property", "report", "--org", org.slug, *FY2565, "--format", "xlsx", "--output", str(path))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "unit" and rows[1][:2] == ("กองช่าง", 2)


def test_report_refuses_bad_dates_and_unknown_organisations(org):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("property", "report", "--org", org.slug, "--from", "1/10/2564", "--to", "2022-09-30")
    with pytest.raises(CommandError, match="no organisation"):
        call_command("property", "report", "--org", "nowhere", "--from", "2021-10-01", "--to", "2022-09-30")


def test_labels_command_writes_a_pdf(org, tmp_path):
    path = tmp_path / "labels.pdf"
    call_command("property", "labels", "--org", org.slug, "--output", str(path), stdout=io.StringIO())
    assert path.read_bytes().startswith(b"%PDF-")
