import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from prongsai.api.tokens import authenticate


def run(*args) -> str:
    out = io.StringIO()
    call_command("api", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_json_to_standard_output(org):
    body = json.loads(run("export", "--org", "org-a", "--year", "2564", "--format", "json"))
    assert body["organisation"] == "org-a" and body["datasets"]["procurement"][0]["budget"] == 1000.0


def test_export_csv_of_one_dataset(org):
    text = run("export", "--org", "org-a", "--year", "2564", "--format", "csv", "--dataset", "procurement")
    assert text.startswith("\ufeffyear,month,number,project")


def test_export_xlsx_and_zip_need_a_file(org, tmp_path):
    with pytest.raises(CommandError, match="use --output"):
        run("export", "--org", "org-a", "--year", "2564", "--format", "xlsx")
    target = tmp_path / "all.zip"
    run("export", "--org", "org-a", "--year", "2564", "--format", "csv", "--output", str(target))
    assert "procurement.csv" in zipfile.ZipFile(target).namelist()


def test_export_refuses_an_unknown_organisation_or_a_gregorian_year(org):
    with pytest.raises(CommandError, match="no organisation"):
        run("export", "--org", "nowhere", "--year", "2564")
    with pytest.raises(CommandError, match="Buddhist-era"):
        run("export", "--org", "org-a", "--year", "2021")


def test_token_is_printed_once_and_works(org):
    body = json.loads(run("token", "--org", "org-a", "--name", "เว็บไซต์", "--scope", "plans:read",
                          "--output-format", "json"))  # fmt: skip
    token = authenticate(body["token"])
    assert token.organisation == org and token.scopes == ["plans:read"]
