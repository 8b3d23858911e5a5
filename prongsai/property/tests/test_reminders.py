"""Reminders with `today` passed in: due soon, overdue, and supervisors after N working days."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Holiday, Notification
from prongsai.core.tests.factories import make_org
from prongsai.property import actions, reminders
from prongsai.property.models import Loan
from prongsai.property.tests.factories import make_borrower, make_item, make_loan, make_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def holidays():
    for day, name in [(date(2022, 10, 13), "วันนวมินทรมหาราช"), (date(2022, 10, 14), "วันหยุดพิเศษ")]:
        Holiday.objects.get_or_create(date=day, defaults={"name": name})
    return holiday_calendar()


def _on_loan(ends_on: date):
    """A loan handed over and due back on `ends_on`, with the borrower's supervisor in place."""
    org = make_org()
    unit, head, officer, _ = make_office(org)
    borrower = make_borrower(org, supervisor=head)
    start = ends_on - timedelta(days=1)
    loan = make_loan(borrower, [make_item(org, unit)], today=start, start=start, days=2)
    actions.transition(loan, "approve", head, today=start)
    actions.transition(
        loan, "hand_over", officer, today=start, data={"condition": "ดี", "borrower_accepts": True}
    )
    return org, Loan.objects.get(pk=loan.pk), borrower, head


def kinds(loan, today, holidays):
    return [r.kind for r in reminders.reminders_for([loan], today, holidays)]


def test_the_borrower_is_reminded_the_working_day_before_and_on_the_day(holidays):
    _, loan, _, _ = _on_loan(date(2022, 10, 17))  # Monday after the holidays of 13–14 October
    assert kinds(loan, date(2022, 10, 11), holidays) == []
    assert kinds(loan, date(2022, 10, 12), holidays) == ["due"]  # next working day is the 17th
    assert kinds(loan, date(2022, 10, 17), holidays) == ["due"]


def test_supervisors_hear_only_after_three_working_days_not_counting_thai_holidays(holidays):
    _, loan, _, _ = _on_loan(date(2022, 10, 11))  # due Tuesday; 13 and 14 October are holidays
    assert kinds(loan, date(2022, 10, 12), holidays) == ["overdue"]
    assert kinds(loan, date(2022, 10, 17), holidays) == ["overdue"]  # 2 working days late, not 4
    assert kinds(loan, date(2022, 10, 17), set()) == [
        "overdue",
        "supervisor",
    ]  # without the holidays it would be
    assert kinds(loan, date(2022, 10, 18), holidays) == ["overdue", "supervisor"]


def test_a_loan_overdue_across_the_fiscal_year_end_is_still_followed_up(holidays):
    _, loan, _, _ = _on_loan(date(2022, 9, 30))  # last day of fiscal year 2565
    assert kinds(loan, date(2022, 10, 4), holidays) == ["overdue"]
    assert kinds(loan, date(2022, 10, 5), holidays) == ["overdue", "supervisor"]  # FY 2566, 3rd working day


def test_the_command_notifies_once_per_key_and_reports_json(holidays):
    org, _loan, borrower, head = _on_loan(date(2022, 10, 11))
    out = io.StringIO()
    call_command(
        "property", "remind", "--org", org.slug, "--today", "2022-10-18", "--format", "json", stdout=out
    )
    sent = json.loads(out.getvalue())["sent"]
    assert {(s["kind"], s["to"]) for s in sent} == {
        ("overdue", borrower.username),
        ("supervisor", head.username),
    }
    call_command("property", "remind", "--org", org.slug, "--today", "2022-10-18", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=borrower).count() == 1
    call_command("property", "remind", "--org", org.slug, "--today", "2022-10-19", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=borrower).count() == 2  # one overdue notice per day
    assert Notification.objects.filter(recipient=head, kind="property.supervisor").count() == 1  # once only


def test_returned_loans_get_no_reminder(holidays):
    org, loan, _, _ = _on_loan(date(2022, 10, 11))
    officer = make_office(org, unit_name="อื่น")[2]
    officer.person.position.roles = ["property_officer"]
    officer.person.position.save()
    actions.transition(
        loan, "return", officer, today=date(2022, 10, 11), data={"condition": "ดี", "custodian_accepts": True}
    )
    loan.refresh_from_db()
    assert kinds(loan, date(2022, 10, 20), holidays) == []
