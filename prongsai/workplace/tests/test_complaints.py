"""Complaint cases in my work: only the officer's own, only without conflict, and the number only."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.core.tests.factories import login_verified, make_org, make_staff, make_unit
from prongsai.workplace.entries import collect

pytestmark = pytest.mark.django_db
SECRET = "เรียกรับเงินใต้โต๊ะ"


@pytest.fixture
def centre():
    org = make_org()
    roads = make_unit(org, "กองช่าง")
    head = make_staff(org, "head", roles=("complaints_head",))
    officer = make_staff(org, "officer", roles=("complaints_officer",))
    other = make_staff(org, "other", roles=("complaints_officer",))
    case, _code = actions.submit(
        org,
        actions.Submission("bribery", "นายช่าง", "ที่สำนักงาน", f"{SECRET} ในโครงการถนน", unit_concerned=roads),
        [],
    )
    actions.assign(case, officer, by=head)
    Complaint.objects.filter(pk=case.pk).update(due_on=timezone.localdate())  # due today
    return {"org": org, "roads": roads, "officer": officer, "other": other, "case": case}


def _cases(user):
    return [e for e in collect(user) if e.kind == "complaints.case"]


def test_the_assigned_officer_sees_the_case_by_its_number_only(client, centre):
    case, officer = centre["case"], centre["officer"]
    [entry] = _cases(officer)
    assert entry.title.endswith(case.number) and SECRET not in entry.title and "ถนน" not in entry.title
    assert entry.days_left == 0 and entry.url == f"/staff/complaints/{case.pk}/"
    assert login_verified(client, officer).get(entry.url).status_code == 200
    assert _cases(centre["other"]) == []  # not assigned to them


def test_an_officer_in_conflict_never_sees_the_case(client, centre):
    officer = centre["officer"]
    officer.person.position.unit = centre["roads"]  # moved into the unit concerned after assignment
    officer.person.position.save()
    officer.refresh_from_db()
    assert _cases(officer) == []
    out = StringIO()
    call_command("work", "--user", officer.username, "--format", "json", stdout=out)
    assert centre["case"].number not in out.getvalue() and SECRET not in out.getvalue()
    assert json.loads(out.getvalue())["entries"] == []
    page = login_verified(client, officer).get("/staff/work/").content.decode()
    assert centre["case"].number not in page and SECRET not in page


def test_a_case_far_from_its_deadline_is_not_yet_work(centre):
    Complaint.objects.filter(pk=centre["case"].pk).update(due_on=timezone.localdate().replace(year=2100))
    assert _cases(centre["officer"]) == []
