import json

import pytest
from django.core.management import call_command
from django.db import connection

from prongsai.core import audit
from prongsai.core.models import AuditEntry, Person
from prongsai.core.tests.factories import make_org, make_person, make_staff

pytestmark = pytest.mark.django_db


def verify_json(capsys, *args) -> tuple[int, dict]:
    try:
        call_command("audit", "verify", "--format", "json", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(capsys.readouterr().out)


def test_it_records_create_change_and_delete_with_actor_and_fields():
    org = make_org()
    user = make_staff(org)
    with audit.acting_as(user):
        person = make_person(org, first="สมศรี")
        person.phone = "0-3459-1111"
        person.save()
        person.delete()
    entries = list(AuditEntry.objects.filter(organisation=org, object_type="core.person").order_by("seq"))
    assert [e.action for e in entries][-3:] == ["create", "update", "delete"]
    create, update, delete = entries[-3:]
    assert create.actor == user and create.changes["first_name"] == [None, "สมศรี"]
    assert update.changes == {"phone": ["", "0-3459-1111"]}
    assert delete.snapshot == {}


def test_it_records_reads_of_confidential_records():
    org = make_org()
    person = make_person(org)
    with audit.acting_as("reviewer"):
        audit.record_read(person, "core.read_person")
    entry = AuditEntry.objects.filter(organisation=org).latest("seq")
    assert (entry.action, entry.actor_name, entry.object_id) == (
        "core.read_person",
        "reviewer",
        str(person.pk),
    )


def test_chains_are_per_organisation_and_verify_clean(capsys):
    org_a, org_b = make_org(), make_org()
    make_person(org_a)
    make_person(org_b)
    assert AuditEntry.objects.filter(organisation=org_b).order_by("seq").first().seq == 1
    code, report = verify_json(capsys)
    assert (code, report["ok"]) == (0, True)


def test_verify_finds_an_edited_entry(capsys):
    org = make_org()
    make_person(org, first="สมศรี")
    target = AuditEntry.objects.filter(organisation=org, object_type="core.person").get()
    AuditEntry.objects.filter(pk=target.pk).update(actor_name="someone-else")
    code, report = verify_json(capsys)
    assert code == 1
    assert report["breaks"] == [
        {
            "organisation_id": org.pk,
            "organisation": org.slug,
            "seq": target.seq,
            "problem": f"entry #{target.seq} was altered after it was written",
        }
    ]


def test_verify_finds_a_removed_entry(capsys):
    org = make_org()
    make_person(org)
    make_person(org)
    middle = AuditEntry.objects.filter(organisation=org).order_by("seq")[1]
    AuditEntry.objects.filter(pk=middle.pk).delete()
    code, report = verify_json(capsys, "--org", org.slug)
    assert code == 1 and f"entry #{middle.seq} is missing" in report["breaks"][0]["problem"]


def test_verify_finds_a_row_edited_behind_the_applications_back(capsys):
    org = make_org()
    person = make_person(org, first="สมศรี")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Person._meta.db_table} SET first_name = %s WHERE id = %s", ["แก้ไข", person.pk]
        )
    code, report = verify_json(capsys)
    assert code == 1
    assert report["breaks"][0]["problem"] == f"core.person:{person.pk} was changed outside the application"


def test_passwords_are_logged_only_as_hashes():
    org = make_org()
    user = make_staff(org)
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("seq")
    assert entry.snapshot["password"].startswith("sha256:")
    assert user.password not in json.dumps(entry.snapshot)


def test_file_fields_are_logged_by_their_stored_name(settings, tmp_path):
    from django.core.files.base import ContentFile

    from prongsai.core.models import Job

    org = make_org()
    job = Job.objects.create(organisation=org, kind="ita.import")
    job.upload.save("ita.csv", ContentFile(b"a,b\n"))
    settings.MEDIA_ROOT = tmp_path
    snap = audit.snapshot(job)
    assert snap["upload"].startswith("jobs/") and snap["upload"].endswith(".csv")


def test_numbers_are_logged_as_the_database_keeps_them(capsys):
    from decimal import Decimal

    from prongsai.ita.tests.factories import make_result

    org = make_org()
    make_result(org, 2564, {n: Decimal(80) for n in range(1, 11)})  # stored as 80.00
    code, report = verify_json(capsys)
    assert (code, report["ok"]) == (0, True)


def test_a_partial_save_logs_what_was_written_not_what_is_in_memory(capsys):
    org = make_org()
    person = make_person(org, first="สมศรี")
    person.first_name, person.phone = "ไม่ได้บันทึก", "0-1111-2222"
    person.save(update_fields=["phone"])
    entry = AuditEntry.objects.filter(object_type="core.person").latest("seq")
    assert entry.changes == {"phone": ["", "0-1111-2222"]}
    code, report = verify_json(capsys)
    assert (code, report["ok"]) == (0, True)
