"""`prongsai oit export|readiness` and `prongsai procurement import FILE`."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.core.demo import load_demo
from prongsai.disclosure import procurement
from prongsai.disclosure.models import Item, ProcurementLine, ProcurementSummary
from prongsai.disclosure.tests.factories import item_of, make_catalogue, make_publication, xlsx_bytes
from prongsai.disclosure.tests.test_procurement import GOOD
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def test_export_csv_json_and_xlsx_list_every_item(org, capsys, tmp_path, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    make_catalogue(org)
    make_publication(item_of(org, "o1"), url="https://example.org/chart.pdf", kind="link", text="")
    call_command("oit", "export", "--org", org.slug, "--year", "2565", "--format", "csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 44
    assert rows[1][:5] == [
        "o1", item_of(org, "o1").title_th, "พร้อม (ready)",
        f"https://ita.example.go.th/{org.slug}/disclosure/2565/o1/", "https://example.org/chart.pdf",
    ]  # fmt: skip
    call_command("oit", "export", "--org", org.slug, "--year", "2565", "--format", "json")
    table = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in table][-1] == "o43" and table[1]["ready"] is False
    out = tmp_path / "oit.xlsx"
    call_command(
        "oit", "export", "--org", org.slug, "--year", "2565", "--format", "xlsx", "--output", str(out)
    )
    assert load_workbook(out).active["A44"].value == "o43"


def test_readiness_json_gives_indicators_9_and_10(org, capsys):
    make_catalogue(org)
    make_publication(item_of(org, "o42"))
    call_command("oit", "readiness", "--org", org.slug, "--year", "2565", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] == 1 and data["missing"] == 42
    assert data["scores"]["9"] == 0 and data["scores"]["10"] > 0
    assert [i["code"] for i in data["items"] if i["ready"]] == ["o42"]


def test_unknown_organisation_or_year_is_explained(org):
    with pytest.raises(CommandError, match=r"ไม่มีหน่วยงาน nowhere \(no organisation nowhere\)"):
        call_command("oit", "readiness", "--org", "nowhere", "--year", "2565")
    with pytest.raises(CommandError, match=r"there is no ITA framework for 2590"):
        call_command("oit", "export", "--org", org.slug, "--year", "2590")
    assert not Item.objects.for_org(org).filter(year=2590).exists()


def test_readiness_of_the_current_year_succeeds_on_the_demo(capsys):
    """Issue 15: `prongsai oit readiness --org bophloi --year <current fiscal year> --format json`."""
    load_demo()
    year = fiscal_year_of(timezone.localdate())
    call_command("oit", "readiness", "--org", "bophloi", "--year", str(year), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == year and len(data["items"]) >= 20
    assert data["ready"] + data["missing"] == len(data["items"])
    assert data["scores"], "indicators 9 and 10 are predicted"
    assert data["carried_forward_from"] in (None, *range(2563, year))


def test_readiness_and_export_of_next_year_carry_the_catalogue_forward(org, capsys):
    """The year after the current one has no framework yet: the commands still answer, marked."""
    year = fiscal_year_of(timezone.localdate()) + 1
    call_command("oit", "readiness", "--org", org.slug, "--year", str(year), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["carried_forward_from"] is not None and data["carried_forward_from"] < year
    assert data["created_items"] == len(data["items"]) > 0 and data["ready"] == 0
    call_command("oit", "export", "--org", org.slug, "--year", str(year), "--format", "json")
    assert len(json.loads(capsys.readouterr().out)) == len(data["items"])


def test_procurement_import_reads_a_month(org, tmp_path, capsys):
    path = tmp_path / "skr1.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    call_command(
        "procurement", "import", str(path), "--org", org.slug, "--year", "2565", "--month", "10",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["rows"] == 2 and "ตุลาคม" in data["title"]
    assert ProcurementLine.objects.for_org(org).count() == 2


def test_procurement_import_names_the_wrong_column_and_stores_nothing(org, tmp_path, capsys):
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(xlsx_bytes([[*procurement.HEADINGS[:3], "วิธีการ", *procurement.HEADINGS[4:]], GOOD[1]]))
    with pytest.raises(CommandError, match=r"column D should be “วิธีซื้อหรือจ้าง”, found “วิธีการ”"):
        call_command(
            "procurement", "import", str(path), "--org", org.slug, "--year", "2565", "--month", "10",
            "--format", "json",
        )  # fmt: skip
    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert not ProcurementSummary.objects.exists()


def test_procurement_import_refuses_a_duplicate_month_and_bad_arguments(org, tmp_path):
    path = tmp_path / "skr1.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    args = ["procurement", "import", str(path), "--org", org.slug, "--year", "2565"]
    call_command(*args, "--month", "10")
    with pytest.raises(CommandError, match="already imported"):
        call_command(*args, "--month", "10")
    with pytest.raises(CommandError, match=r"the month must be 0–12"):
        call_command(*args, "--month", "13")
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("procurement", "import", str(tmp_path / "missing.xlsx"), "--org", org.slug,
                     "--year", "2565", "--month", "11")  # fmt: skip
    assert ProcurementLine.objects.count() == 2
