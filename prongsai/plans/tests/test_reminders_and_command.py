"""Reminder rules across fiscal year 2565 with Thai working days, the remind command, draft/export."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from prongsai.core.models import Holiday, Notification
from prongsai.plans import reminders
from prongsai.plans.models import StepStatus
from prongsai.plans.tests.factories import make_measure, make_member, make_plan, make_seed_org, make_step
from prongsai.thai.fiscal import fiscal_year_bounds

DUE = date(2022, 4, 30)  # ก.พ.๖๕-เม.ย.๖๕ ends on Saturday 30 April 2565
# Chakri day falls on Wednesday 6 April 2565; Songkran 13-15 April (Wed-Fri).
HOLIDAYS = {date(2022, 4, 6), date(2022, 4, 13), date(2022, 4, 14), date(2022, 4, 15)}


def _kinds_over_the_fiscal_year(status=StepStatus.IN_PROGRESS, holidays=HOLIDAYS):
    first, last = fiscal_year_bounds(2565)
    days, found = (first + timedelta(n) for n in range((last - first).days + 1)), {}
    for today in days:
        r = reminders.reminder_for(1, status, DUE, today, holidays, days_before=5)
        if r:
            found.setdefault(r.kind, []).append(today)
    return found


def test_due_reminders_start_five_working_days_before_the_end_and_overdue_after_it():
    found = _kinds_over_the_fiscal_year()
    # On Fri 22 April five working days remain (Mon 25 - Fri 29); on Thu 21, six.
    assert found["due"][0] == date(2022, 4, 22) and found["due"][-1] == DUE
    assert found["overdue"][0] == date(2022, 5, 1) and found["overdue"][-1] == date(2022, 9, 30)


def test_holidays_move_the_first_due_reminder_earlier():
    due = date(2022, 4, 18)  # a Monday after Songkran
    starts = [
        min(d for d in (due - timedelta(n) for n in range(30))
            if reminders.reminder_for(1, "in_progress", due, d, holidays) is not None)
        for holidays in (set(), HOLIDAYS)
    ]  # fmt: skip
    # Songkran and Chakri day are not working days: the reminder starts a week earlier.
    assert starts == [date(2022, 4, 11), date(2022, 4, 5)]


def test_a_done_step_gets_no_reminder():
    assert _kinds_over_the_fiscal_year(status=StepStatus.DONE) == {}


@pytest.mark.django_db
def test_the_remind_command_notifies_the_unit_once_and_the_clerk_when_overdue(capsys):
    org, units = make_seed_org()
    clerk = make_member(org, units["สำนักปลัดเทศบาล"], "clerk9", roles=("clerk",))
    member = make_member(org, units["กองคลัง"], "finance9", reports_to=clerk.person.position)
    step = make_step(make_measure(make_plan(org), units=[units["กองคลัง"]]), units["กองคลัง"])
    Holiday.objects.get_or_create(date=date(2022, 4, 6), defaults={"name": "วันจักรี"})
    call_command("plan", "remind", "--today", "2022-04-26", "--format", "json")
    first = json.loads(capsys.readouterr().out)
    assert first["reminders"] == [{"step": step.pk, "kind": "due", "due": "2022-04-30", "notified": 1}]
    call_command("plan", "remind", "--today", "2022-04-27")
    assert Notification.objects.filter(recipient=member).count() == 1  # not sent again
    call_command("plan", "remind", "--today", "2022-05-02")
    assert Notification.objects.filter(recipient=member, kind="plans.overdue").count() == 1
    assert Notification.objects.filter(recipient=clerk, kind="plans.overdue").count() == 1
    assert not Notification.objects.filter(recipient=clerk, kind="plans.due").exists()


@pytest.mark.django_db
def test_plan_draft_prints_the_measures_and_coverage_warnings_as_json(capsys):
    org, _ = make_seed_org("bophloi-test")
    call_command("plan", "draft", "--org", org.slug, "--year", "2565", "--lowest-only", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert [m["number"] for m in data["measures"]] == [1, 2, 3, 4, 5, 6, 7]
    assert data["measures"][0]["unit"] == "กองคลัง" and data["measures"][0]["period_th"] == "ก.พ.๖๕-เม.ย.๖๕"
    assert [u["target"] for u in data["uncovered"]] == [
        "indicator:2", "indicator:3", "indicator:5", "indicator:6", "indicator:7"
    ]  # fmt: skip
    assert data["saved"] is False
    call_command("plan", "draft", "--org", org.slug, "--year", "2565", "--save", "--format", "json")
    capsys.readouterr()
    call_command("plan", "export", "--org", org.slug, "--year", "2565", "--format", "json")
    exported = json.loads(capsys.readouterr().out)
    assert len(exported["measures"]) == 12


@pytest.mark.django_db
def test_commands_explain_a_missing_organisation_or_plan():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no organisation"):
        call_command("plan", "draft", "--org", "nowhere", "--year", "2565")
    org, _ = make_seed_org()
    with pytest.raises(CommandError, match="no plan"):
        call_command("plan", "export", "--org", org.slug, "--year", "2570")
