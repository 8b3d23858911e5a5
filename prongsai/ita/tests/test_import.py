"""Importing results for many organisations: all or nothing, row by row reports, progress."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from prongsai.core.models import AuditEntry, Job, Organisation
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.ita.models import Result
from prongsai.ita.tabular import COLUMNS, ITEM_COLUMNS

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict], encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c for c in COLUMNS if c not in ITEM_COLUMNS])
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


def row(code: str, year=2564, **overrides) -> dict:
    base = {
        "org_code": code,
        "org_name": f"เทศบาลตำบล{code}",
        "org_type": "เทศบาลตำบล",
        "province": "กาญจนบุรี",
        "year": year,
        "reported_total": "",
        "reported_grade": "",
    }
    base.update({f"i{n}": "80.00" for n in range(1, 11)})
    base.update(overrides)
    return base


def test_the_command_imports_a_file_and_creates_organisations(tmp_path, capsys):
    path = tmp_path / "ita.csv"
    path.write_bytes(csv_bytes([row("5701", i1="90"), row("5701", year=2565), row("5702")]))
    call_command("ita", "import", str(path), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["rows"] == 3 and report["created_organisations"] == 2
    org = Organisation.objects.get(official_code="5701")
    assert org.kind == "subdistrict" and org.province == "กาญจนบุรี"
    assert Result.objects.filter(organisation=org).count() == 2
    assert AuditEntry.objects.filter(organisation=org, action="ita.import").exists()


def test_a_file_with_one_bad_row_imports_nothing(tmp_path, capsys):
    path = tmp_path / "ita.csv"
    path.write_bytes(csv_bytes([row("5701"), row("5702", i4="101"), row("5701")]))
    with pytest.raises(SystemExit):
        call_command("ita", "import", str(path), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    problems = {(e["row"], e["column"]) for e in report["errors"]}
    assert (3, "i4") in problems and (4, "org_code") in problems
    assert not Result.objects.exists() and not Organisation.objects.exists()


def test_a_windows_874_file_from_a_thai_office_reads(tmp_path, capsys):
    path = tmp_path / "ita.csv"
    path.write_bytes(csv_bytes([row("5701")], encoding="cp874"))
    call_command("ita", "import", str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["ok"]
    assert Organisation.objects.get(official_code="5701").name_th == "เทศบาลตำบล5701"


def test_export_then_import_gives_the_same_results(tmp_path, capsys):
    path = tmp_path / "ita.csv"
    path.write_bytes(
        csv_bytes([row("5701", i9="72.21", reported_total="79.58", reported_grade="B"), row("5702")])
    )
    call_command("ita", "import", str(path))
    before = sorted(
        Result.objects.values_list("organisation__official_code", "year", "total", "rating", "mismatch")
    )
    out = tmp_path / "out.xlsx"
    call_command("ita", "export", "--format", "xlsx", "--output", str(out))
    Result.objects.all().delete()
    call_command("ita", "import", str(out))
    after = sorted(
        Result.objects.values_list("organisation__official_code", "year", "total", "rating", "mismatch")
    )
    assert before == after


def test_re_importing_replaces_a_year_instead_of_duplicating(tmp_path, capsys):
    path = tmp_path / "ita.csv"
    path.write_bytes(csv_bytes([row("5701")]))
    call_command("ita", "import", str(path))
    capsys.readouterr()
    path.write_bytes(csv_bytes([row("5701", i1="99")]))
    call_command("ita", "import", str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["updated"] == 1
    assert Result.objects.get().indicator_1 == 99


def test_the_web_import_runs_as_a_job_and_reports_each_row(client):
    admin = make_staff(make_org(), is_superuser=True)
    client.force_login(admin)
    upload = SimpleUploadedFile("ita.csv", csv_bytes([row("5701"), row("5702", i2="")]))
    response = client.post(reverse("ita:import"), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("ita:job", kwargs={"job_id": job.pk})
    page = client.get(response.url).content.decode()
    job.refresh_from_db()
    assert job.status == "done" and not job.result["ok"]
    assert any(e["row"] == 3 and e["column"] == "i2" for e in job.result["errors"])
    assert "i2" in page


def test_the_progress_partial_polls_until_done(client, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from prongsai.core import jobs
    from prongsai.ita import tasks

    admin = make_staff(make_org(), is_superuser=True)
    client.force_login(admin)
    job = jobs.start(tasks.import_results, kind="ita.import", user=admin, payload={"filename": "big.csv"})
    Job.objects.filter(pk=job.pk).update(total=10, done=4)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")  # a worker has it
    partial = client.get(
        reverse("ita:job", kwargs={"job_id": job.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="40"' in partial
    Job.objects.filter(pk=job.pk).update(
        result={"ok": True, "rows": 10, "created": 10, "updated": 0, "created_organisations": 0},
    )
    DBTaskResult.objects.filter(id=job.task_id).update(status="SUCCESSFUL")
    partial = client.get(
        reverse("ita:job", kwargs={"job_id": job.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in partial


def test_only_superusers_import(client):
    client.force_login(make_staff(make_org(), roles=("analyst", "org_admin")))
    assert client.get(reverse("ita:import")).status_code in (302, 403)


def test_an_encrypted_xlsx_is_refused_clearly(client):
    client.force_login(make_staff(make_org(), is_superuser=True))
    upload = SimpleUploadedFile("ita.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    response = client.post(reverse("ita:import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "password" in page.lower() or "รหัสผ่าน" in page
