import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from prongsai.complaints import actions, breakglass, deadlines
from prongsai.complaints.models import CentreSettings, Complaint
from prongsai.complaints.tests.factories import login_verified, make_complaint, make_officer
from prongsai.core.models import Holiday, Notification
from prongsai.core.tests.factories import make_org, make_staff, make_unit

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 6, 2)  # no holiday that week


@pytest.fixture
def org():
    Holiday.objects.filter(date__year=2025, date__month=6).delete()
    return make_org("due-org")


def remind(today) -> dict:
    out = StringIO()
    call_command("complaints", "remind", "--today", today.isoformat(), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_an_organisation_sets_its_own_working_days_per_state(org):
    officer = make_officer(org)
    CentreSettings.objects.create(organisation=org, deadlines={"screening": 5})
    complaint, _ = make_complaint(org, today=MONDAY)
    assert complaint.due_on == datetime.date(2025, 6, 5)  # received: default 3 working days
    actions.transition(complaint, "screen", actor=officer, reason="ตรวจ", today=MONDAY)
    complaint.refresh_from_db()
    assert complaint.due_on == datetime.date(2025, 6, 9)  # 5 working days, over the weekend
    other = make_org("due-other")
    assert deadlines.due_date(other, "screening", MONDAY) == datetime.date(2025, 6, 23)  # default 15


def test_the_centre_page_saves_deadlines_for_the_head(client, org):
    head = make_staff(org, roles=("complaints_head",))
    login_verified(client, head)
    assert client.get(reverse("complaints:centre")).status_code == 200
    client.post(reverse("complaints:centre_deadlines"), {"screening": "7", "investigating": ""})
    assert CentreSettings.objects.get(organisation=org).deadlines == {"screening": 7}
    client.post(reverse("complaints:centre_deadlines"), {"screening": "0"})
    assert CentreSettings.objects.get(organisation=org).deadlines == {"screening": 7}  # refused, kept
    officer = make_officer(org)
    assert login_verified(client.__class__(), officer).get(reverse("complaints:centre")).status_code == 403


def test_the_late_list_shows_overdue_and_soon_due_cases_without_content(client, org):
    officer = make_officer(org)
    named = make_officer(org, first="ประเสริฐ", last="ทองดี")
    late, _ = make_complaint(org, today=MONDAY, description="LATESECRET", concerned="นายประเสริฐ ทองดี")
    soon, _ = make_complaint(org, today=datetime.date(2025, 6, 9))
    make_complaint(org, today=datetime.date(2025, 6, 20))  # due 25 June: not yet
    today = datetime.date(2025, 6, 10)
    items = deadlines.late_cases(org, today)
    assert [(i.complaint.pk, i.days_left, i.overdue) for i in items] == [
        (late.pk, -3, True),
        (soon.pk, 2, False),
    ]
    response = login_verified(client, officer).get(reverse("complaints:late"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "LATESECRET" not in body and "ประเสริฐ" in body  # the exclusion is shown, not the content
    assert response.context["rows"][0][1] == [(named, "named in the complaint")]
    assert (
        login_verified(client.__class__(), make_staff(org, roles=("executive",)))
        .get(reverse("complaints:late"))
        .status_code
        == 403
    )


def test_remind_sends_once_to_the_right_people_without_content(org, django_capture_on_commit_callbacks):
    officer = make_officer(org)
    officer.email = "officer@example.org"
    officer.save()
    named = make_officer(org, first="ประเสริฐ", last="ทองดี")
    head = make_staff(org, roles=("complaints_head",))
    head.email = "head@example.org"
    head.save()
    overdue, _ = make_complaint(org, today=MONDAY, description="REMINDSECRET", concerned="นายประเสริฐ ทองดี")
    assigned, _ = make_complaint(org, today=datetime.date(2025, 6, 9))
    actions.assign(assigned, officer, by=head)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = remind(datetime.date(2025, 6, 10))
    assert (first["overdue"], first["due_soon"]) == (1, 1)
    overdue_to = set(
        Notification.objects.filter(kind="complaints.overdue").values_list("recipient", flat=True)
    )
    assert overdue_to == {officer.pk, head.pk}  # not the officer named in the complaint
    soon_to = set(Notification.objects.filter(kind="complaints.soon").values_list("recipient", flat=True))
    assert soon_to == {officer.pk}  # the assigned officer only
    assert not Notification.objects.filter(
        recipient=named, kind__in=["complaints.overdue", "complaints.soon"]
    )
    assert mail.outbox and all("REMINDSECRET" not in m.subject + m.body for m in mail.outbox)
    assert any(overdue.number in m.subject for m in mail.outbox)

    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = remind(datetime.date(2025, 6, 10))
    assert second["notices"] == 0 and len(mail.outbox) == sent  # nothing new

    # The case moves on: a new state, a new due date, and later a new reminder.
    actions.transition(overdue, "screen", actor=officer, reason="ตรวจ", today=datetime.date(2025, 6, 10))
    assert remind(datetime.date(2025, 6, 11))["notices"] == 0
    assert Complaint.objects.get(pk=overdue.pk).due_on == datetime.date(2025, 7, 1)
    later = remind(datetime.date(2025, 7, 2))  # both now overdue; the assigned one was "due soon" before
    assert later["overdue"] == 2 and f"{org.slug}:{overdue.number}" in later["cases"]


def test_remind_text_output(org):
    out = StringIO()
    call_command("complaints", "remind", "--today", "2025-06-10", stdout=out)
    assert "reminders: 0 due soon, 0 overdue" in out.getvalue()


@pytest.mark.parametrize("cases", [2, 12])
def test_the_centre_lists_take_a_bounded_number_of_queries(client, org, cases, django_assert_max_num_queries):
    officer = make_officer(org)
    admin = make_staff(org, roles=("org_admin",))
    head = make_staff(org, roles=("complaints_head",))  # cases are given out by a second person
    works = make_unit(org, "กองช่าง")
    for _ in range(cases):
        complaint, _ = make_complaint(org, today=MONDAY, unit_concerned=works)
        actions.assign(complaint, officer, by=head)
        breakglass.grant(admin, complaint, "คำสั่งศาลให้ส่งสำเนาเรื่องร้องเรียนทั้งหมด")
    login_verified(client, officer)
    with django_assert_max_num_queries(14):
        late = client.get(reverse("complaints:late"))
    assert late.status_code == 200 and len(late.context["rows"]) == cases
    with django_assert_max_num_queries(12):
        log = client.get(reverse("complaints:break_glass_log"))
    assert log.status_code == 200 and len(log.context["page"]) == cases


def test_the_head_without_the_officer_role_lands_on_the_late_list(client, org):
    login_verified(client, make_staff(org, roles=("complaints_head",)))
    response = client.get(reverse("complaints:index"))
    assert response.status_code == 302 and response.url == reverse("complaints:late")
    assert client.get(reverse("complaints:late")).status_code == 200
