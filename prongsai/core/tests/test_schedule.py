"""The scheduler on a fake clock: each entry fires once per period, never twice with two schedulers."""

import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from prongsai.core import schedule, tasks
from prongsai.core.models import Holiday, ScheduledRun
from prongsai.core.schedule import Entry

pytestmark = pytest.mark.django_db

PRUNE = ("jobs", "prune", "--format", "json")  # a real, harmless command
ENTRIES = (
    Entry("daily", PRUNE, time(3, 30)),
    Entry("working", PRUNE, time(7, 0), "working"),
    Entry("weekly", PRUNE, time(3, 0), "sun"),
)


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_each_entry_fires_once_per_period_even_with_two_schedulers():
    Holiday.objects.update_or_create(date=date(2026, 11, 25), defaults={"name": "test holiday"})
    start, now = at(date(2026, 11, 23)), at(date(2026, 11, 23))  # a Monday, midnight in Bangkok
    fired_at, results = {}, {}
    while now < start + timedelta(days=14):
        # Scheduler A dies on day 6; B, which stood by, takes over once A's lease lapses.
        if now < start + timedelta(days=6):
            for run in schedule.tick(now, "A", ENTRIES):
                fired_at[run.pk] = now
                results[run.pk] = run.task_result
            assert schedule.tick(now, "B", ENTRIES) is None
        else:
            for run in schedule.tick(now, "B", ENTRIES):
                fired_at[run.pk] = now
                results[run.pk] = run.task_result
        now += timedelta(minutes=20)

    runs = list(ScheduledRun.objects.all())
    counts = Counter(run.entry for run in runs)
    # 14 days; 10 weekdays minus the holiday; Sundays 29 Nov and 6 Dec.
    assert counts == {"daily": 14, "working": 9, "weekly": 2}
    assert "2026-11-25" not in {r.period for r in runs if r.entry == "working"}
    assert len({(r.entry, r.period) for r in runs}) == len(runs)
    for run in runs:
        assert timedelta(0) <= fired_at[run.pk] - run.due_at < timedelta(minutes=20)  # on time, never early
        result = results[run.pk]
        assert run.task_id == result.id and result.task.func == tasks.run_command.func
        assert result.status == "SUCCESSFUL" and result.return_value["output"] == {"deleted": 0}


def test_an_entry_is_fired_once_even_when_two_schedulers_skip_the_lease():
    now = at(date(2026, 11, 24), 8)
    first = schedule.fire_due(now, ENTRIES)
    assert {r.entry for r in first} == {"daily", "working"}
    assert schedule.fire_due(now + timedelta(minutes=1), ENTRIES) == []
    assert ScheduledRun.objects.exclude(task_id="").count() == 2


def test_a_missing_command_fails_its_task_and_the_others_still_run():
    entries = (Entry("ghost", ("no-such-command", "remind"), time(7, 0)), ENTRIES[0])
    fired = schedule.fire_due(at(date(2026, 11, 24), 8), entries)
    assert [r.entry for r in fired] == ["ghost", "daily"]
    ghost, daily = (r.task_result for r in fired)
    assert ghost.status == "FAILED" and "no-such-command" in ghost.errors[-1].traceback
    assert daily.status == "SUCCESSFUL"
    assert schedule.missing_commands(entries) == ["ghost"]


def test_a_missed_run_fires_late_only_within_the_catch_up_window():
    entries = (ENTRIES[0],)  # daily at 03:30
    assert schedule.fire_due(at(date(2026, 11, 24), 16), entries) == []  # 12 h 30 late: skipped
    assert len(schedule.fire_due(at(date(2026, 11, 25), 9), entries)) == 1  # 5 h 30 late: runs


def test_the_lease_keeps_a_second_scheduler_idle_until_the_first_stops_renewing():
    now = at(date(2026, 11, 24), 8)
    assert schedule.acquire_lease("A", now)
    assert not schedule.acquire_lease("B", now + timedelta(seconds=60))
    assert schedule.acquire_lease("A", now + timedelta(seconds=100))  # renewed
    assert not schedule.acquire_lease("B", now + timedelta(seconds=200))
    assert schedule.acquire_lease("B", now + timedelta(seconds=221))  # A silent for 121 s
    assert not schedule.acquire_lease("A", now + timedelta(seconds=222))


def test_scheduler_once_fires_what_is_due_and_a_second_call_fires_nothing_again(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 11, 24), 8))  # a Tuesday, 08:00
    out = StringIO()
    call_command("scheduler", "--once", "--format", "json", stdout=out, skip_checks=True)
    first = json.loads(out.getvalue())["fired"]
    assert {f["entry"] for f in first} == {
        "plan remind", "property remind", "complaints remind", "complaints retention", "jobs prune",
        "audit anchor", "work digest",
    }  # fmt: skip
    status = {f["entry"]: f["status"] for f in first}
    assert status["plan remind"] == status["property remind"] == status["jobs prune"] == "done"
    assert status["audit anchor"] == status["work digest"] == "done"
    out = StringIO()
    call_command("scheduler", "--once", "--format", "json", stdout=out, skip_checks=True)
    assert json.loads(out.getvalue()) == {"fired": []}
    assert ScheduledRun.objects.count() == len(first)


def test_a_command_task_runs_only_commands_on_the_schedule():
    run = ScheduledRun.objects.create(entry="x", period="y", due_at=timezone.now())
    result = tasks.run_command.enqueue(["flush", "--no-input"])
    assert result.status == "FAILED" and "not on the schedule" in result.errors[-1].traceback
    assert ScheduledRun.objects.filter(pk=run.pk).exists()  # nothing was flushed
