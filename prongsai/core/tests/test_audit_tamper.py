"""Tampering that a hash chain alone cannot see, found by the signed anchors and listed in full.

Each test tampers the way the outside review did (directly in the database, with the chain's
hashes recomputed where that helps the attacker) and expects `prongsai audit verify` to list it.
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core import audit
from prongsai.core.models import AuditEntry, Person, User
from prongsai.core.tests.factories import make_org, make_person, make_staff
from prongsai.core.tests.test_audit import verify_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_key(settings):
    settings.AUDIT_ANCHOR_KEY = "test-anchor-key-kept-outside-the-database"


def problems(report: dict) -> list[str]:
    return [b["problem"] for b in report["breaks"]]


def anchor(capsys) -> dict:
    call_command("audit", "anchor", "--format", "json")
    return json.loads(capsys.readouterr().out)


def rehash(org_id, from_seq: int = 1) -> None:
    """What an attacker with database access does after editing an entry: recompute the chain."""
    prev = audit.GENESIS
    for entry in AuditEntry.objects.filter(organisation_id=org_id).order_by("seq"):
        if entry.seq >= from_seq:
            entry.prev_hash = prev
            entry.hash = audit.entry_hash(entry)
            AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_anchor_lines_are_signed_and_only_written_when_a_head_moves(capsys, settings):
    org = make_org()
    make_person(org)
    first = anchor(capsys)["anchored"]
    assert {line["org"] for line in first} >= {org.pk}
    line = next(line for line in first if line["org"] == org.pk)
    head = AuditEntry.objects.filter(organisation=org).latest("seq")
    assert (line["last_id"], line["seq"], line["hash"]) == (head.pk, head.seq, head.hash)
    assert line["count"] == AuditEntry.objects.filter(organisation=org).count() and len(line["hmac"]) == 64
    assert anchor(capsys)["anchored"] == []  # nothing moved
    assert settings.AUDIT_ANCHOR_FILE.read_text().count("\n") == len(first)
    assert verify_json(capsys)[0] == 0


def test_a_rewritten_and_rehashed_chain_no_longer_matches_its_anchor(capsys):
    org = make_org()
    person = make_person(org, first="สมศรี")
    make_person(org)
    anchor(capsys)
    entry = AuditEntry.objects.get(organisation=org, object_type="core.person", object_id=str(person.pk))
    AuditEntry.objects.filter(pk=entry.pk).update(actor_name="someone-else")
    rehash(org.pk, entry.seq)
    code, report = verify_json(capsys)
    assert code == 1
    assert any("the chain was rewritten" in p for p in problems(report)), report


def test_a_deleted_tail_with_its_rows_falls_short_of_the_anchor(capsys):
    org = make_org()
    make_person(org)
    kept_seq = AuditEntry.objects.filter(organisation=org).latest("seq").seq
    late = [make_person(org, first=f"คนที่ {n}") for n in range(3)]
    anchor(capsys)
    # The attacker removes the rows and the entries that logged them: the chain is still intact.
    Person.objects.filter(pk__in=[p.pk for p in late])._raw_delete(connection.alias)
    AuditEntry.objects.filter(organisation=org, seq__gt=kept_seq)._raw_delete(connection.alias)
    code, report = verify_json(capsys)
    assert code == 1
    assert any(p.startswith("entries were deleted") for p in problems(report)), report


def test_a_vanished_import_is_found_with_or_without_its_entries(capsys):
    from decimal import Decimal

    from prongsai.ita import results, tabular
    from prongsai.ita.models import Result

    scores = {n: Decimal(80) for n in range(1, 11)}
    rows = [tabular.ResultRow(f"9{n:04d}", f"อบต.ทดสอบ {n}", "sao", "สระบุรี", 2564, scores) for n in range(5)]
    assert results.import_file(tabular.write_rows(rows, "csv"), "ita.csv").ok
    entries = AuditEntry.objects.filter(action="ita.import")
    assert entries.count() == 5 and all(e.changes["bulk"]["count"] == 1 for e in entries)
    assert verify_json(capsys)[0] == 0
    anchor(capsys)

    Result.objects.all()._raw_delete(connection.alias)  # the rows only: the entries expect them
    code, report = verify_json(capsys)
    assert code == 1 and sum("removed outside the application" in p for p in problems(report)) == 5

    entries._raw_delete(connection.alias)  # and now their entries too, the review's case
    code, report = verify_json(capsys)
    assert code == 1 and sum(p.startswith("entries were deleted") for p in problems(report)) == 5


def test_inserted_entries_break_the_chain_or_the_anchored_count(capsys):
    org = make_org()
    make_person(org)
    make_person(org)
    anchor(capsys)
    entries = list(AuditEntry.objects.filter(organisation=org).order_by("seq"))
    # Shift every entry up one and slip a forged one in at #2, then recompute every hash.
    for entry in reversed(entries[1:]):
        AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq + 1)
    forged = AuditEntry(
        organisation=org, seq=2, created_at=entries[1].created_at, actor_name="ghost", action="update",
        object_type="core.organisation", object_id=str(org.pk), changes={}, snapshot={}, prev_hash="",
    )  # fmt: skip
    forged.hash = "x"
    forged.save()
    rehash(org.pk)
    code, report = verify_json(capsys)
    assert code == 1
    assert any("entries inserted or removed" in p or "rewritten" in p for p in problems(report)), report


def test_a_user_inserted_or_changed_behind_the_applications_back_is_listed(capsys):
    admin = User.objects.create_user("root-admin", password="x-Long-enough-1")  # no organisation
    org = make_org()
    staff = make_staff(org)
    assert AuditEntry.objects.filter(organisation=None, object_type="core.user", object_id=str(admin.pk))
    assert verify_json(capsys)[0] == 0
    table = User._meta.db_table
    sql(f"UPDATE {table} SET is_superuser = %s WHERE id IN (%s, %s)", [True, admin.pk, staff.pk])
    sql(
        f"INSERT INTO {table} (password, is_superuser, username, first_name, last_name, email, is_staff,"
        " is_active, date_joined) VALUES ('!', %s, 'intruder', '', '', '', %s, %s, %s)",
        [True, True, True, "2026-01-01T00:00:00+00:00"],
    )
    intruder = User.objects.get(username="intruder")
    code, report = verify_json(capsys)
    assert code == 1
    found = problems(report)
    assert f"core.user:{admin.pk} was changed outside the application" in found
    assert f"core.user:{staff.pk} was changed outside the application" in found
    assert any(p.startswith(f"core.user:{intruder.pk} exists but was never recorded") for p in found)


def test_a_two_factor_device_is_audited_and_its_secret_only_hashed(capsys):
    user = make_staff(make_org())
    device = TOTPDevice.objects.create(user=user, name="โทรศัพท์", confirmed=True)
    entry = AuditEntry.objects.get(object_type="otp_totp.totpdevice", object_id=str(device.pk))
    assert entry.organisation_id is None and entry.snapshot["key"].startswith("sha256:")
    assert device.key not in json.dumps(entry.snapshot)
    assert device.verify_token(totp(device.bin_key))  # normal use moves counters: not a change
    assert verify_json(capsys)[0] == 0
    sql(f"UPDATE {TOTPDevice._meta.db_table} SET key = %s WHERE id = %s", ["00" * 20, device.pk])
    code, report = verify_json(capsys)
    assert code == 1
    assert f"otp_totp.totpdevice:{device.pk} was changed outside the application" in problems(report)


def test_paper_survey_codes_used_normally_leave_verify_ok(capsys):
    from prongsai.participation import actions
    from prongsai.participation.models import PaperCode
    from prongsai.participation.tests.factories import make_survey

    survey = make_survey(make_org())
    codes = actions.issue_paper_codes(survey, 3)
    for code in codes[:2]:
        actions.submit_response(survey, {"e1": "2"}, paper_code=code)
    assert PaperCode.objects.filter(used_at__isnull=False).count() == 2
    code, report = verify_json(capsys)
    assert (code, report["breaks"]) == (0, [])


def test_update_rows_is_one_counted_signed_entry_that_verify_holds_rows_to(capsys):
    org = make_org()
    people = [make_person(org, first=f"คน {n}") for n in range(4)]
    assert audit.update_rows(Person.objects.filter(organisation=org), phone="0-3459-0000") == 4
    entry = AuditEntry.objects.filter(organisation=org).latest("seq")
    bulk = entry.changes["bulk"]
    assert (entry.action, bulk["count"], bulk["values"]) == ("bulk_update", 4, {"phone": "0-3459-0000"})
    assert verify_json(capsys)[0] == 0
    sql(f"UPDATE {Person._meta.db_table} SET phone = '' WHERE id = %s", [people[2].pk])
    _code, report = verify_json(capsys)
    assert f"core.person:{people[2].pk} was changed outside the application" in problems(report)


def test_a_forged_bulk_entry_fails_its_signature_even_when_rehashed(capsys):
    org = make_org()
    make_person(org)
    audit.update_rows(Person.objects.filter(organisation=org), phone="1")
    entry = AuditEntry.objects.filter(organisation=org, object_type="bulk").get()
    changes = entry.changes
    changes["bulk"]["count"] = 0
    AuditEntry.objects.filter(pk=entry.pk).update(changes=changes)
    rehash(org.pk)
    code, report = verify_json(capsys)
    assert code == 1
    assert f"bulk entry #{entry.seq} does not carry the anchor key's signature" in problems(report)


def test_verify_lists_every_break_not_just_the_first(capsys, settings):
    org_a, org_b = make_org(), make_org()
    for _ in range(4):
        make_person(org_a)
        make_person(org_b)
    anchor(capsys)
    a_entries = list(AuditEntry.objects.filter(organisation=org_a).order_by("seq"))
    AuditEntry.objects.filter(pk=a_entries[1].pk).update(actor_name="x")  # two edits in one chain
    AuditEntry.objects.filter(pk=a_entries[3].pk).update(actor_name="y")
    AuditEntry.objects.filter(organisation=org_b).latest("seq").delete()  # and a tail elsewhere
    with settings.AUDIT_ANCHOR_FILE.open("a") as fh:  # and a forged anchor line
        fh.write(json.dumps({"org": org_b.pk, "last_id": 1, "seq": 1, "hash": "0", "count": 1,
                             "time": "2026-01-01T00:00:00", "hmac": "0" * 64}) + "\n")  # fmt: skip
    code, report = verify_json(capsys)
    found = problems(report)
    assert code == 1 and report["count"] == len(found) >= 4
    assert f"entry #{a_entries[1].seq} was altered after it was written" in found
    assert f"entry #{a_entries[3].seq} was altered after it was written" in found
    assert any(p.startswith("entries were deleted") for p in found)
    assert any(p.startswith("anchor line") for p in found)


def test_anchors_signed_with_another_key_are_refused(capsys, settings):
    org = make_org()
    make_person(org)
    anchor(capsys)
    settings.AUDIT_ANCHOR_KEY = "a-key-the-attacker-made-up"
    code, report = verify_json(capsys)
    assert code == 1 and any(p.startswith("anchor line 1 is not signed") for p in problems(report))


def test_users_from_before_the_upgrade_are_adopted_once_checked(capsys):
    sql(
        f"INSERT INTO {User._meta.db_table} (password, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined) VALUES ('!', %s, 'old-admin', '', '', '', %s, %s, %s)",
        [True, True, True, "2025-01-01T00:00:00+00:00"],
    )
    assert verify_json(capsys)[0] == 1
    call_command("audit", "adopt", "--format", "json")
    assert json.loads(capsys.readouterr().out)["adopted"] == [f"core.user:{User.objects.get().pk}"]
    assert verify_json(capsys)[0] == 0
