import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from prongsai.complaints import actions, stats
from prongsai.complaints.models import Attachment, ClosedCase, Complaint, Message, Note, Transition
from prongsai.complaints.tests.factories import make_complaint, make_officer, pdf_evidence
from prongsai.core.models import AuditEntry, Holiday
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2023, 1, 9)  # a Monday, fiscal year 2566


def closed_case(org, officer, received, closed, path=("screen", "reject", "close"), **fields):
    complaint, _ = make_complaint(org, today=received, files=[pdf_evidence()], **fields)
    for action in path[:-1]:
        actions.transition(complaint, action, actor=officer, reason="เหตุผล", agency="ป.ป.ช.", today=received)
    actions.officer_message(complaint, "แจ้งผล", [pdf_evidence("ผล.pdf")], by=officer)
    actions.add_note(complaint, "บันทึกภายใน", by=officer)
    actions.transition(complaint, path[-1], actor=officer, reason="ปิดเรื่อง", today=closed)
    complaint.refresh_from_db()
    return complaint


def retention(*args) -> dict:
    out = StringIO()
    call_command("complaints", "retention", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_time_to_close_is_shown_per_fiscal_year_and_hidden_below_three(client):
    Holiday.objects.filter(date__year=2023, date__month=1).delete()
    org = make_org("ttc-org")
    officer = make_officer(org)
    closed_case(org, officer, RECEIVED, datetime.date(2023, 1, 19))  # 10 days, 8 working days
    closed_case(org, officer, RECEIVED, datetime.date(2023, 1, 23))  # 14 days, 10 working days
    two = {row.code: row.value for row in stats.statistics(org).time_to_close}
    assert two == {"closed": "< 3", "median_days": "–", "mean_days": "–", "median_working_days": "–"}
    closed_case(org, officer, RECEIVED, datetime.date(2023, 2, 8))  # 30 days, 22 working days
    make_complaint(org, today=RECEIVED)  # still open: not in the times
    three = {row.code: row.value for row in stats.statistics(org).time_to_close}
    # One case of the year is still open ("< 3" received), so the year's counts are rounded to 5.
    assert three == {"closed": "5", "median_days": "14", "mean_days": "18", "median_working_days": "10"}
    page = client.get(reverse("complaints_public:statistics", kwargs={"org_slug": org.slug}))
    assert "Median days to close" in page.content.decode()
    csv_text = client.get(reverse("complaints_public:statistics_csv", kwargs={"org_slug": org.slug})).content
    assert b"2566,time_to_close,median_days,14" in csv_text


def test_retention_deletes_old_closed_cases_whole_and_the_statistics_do_not_change(client, settings):
    settings.COMPLAINTS_RETENTION_DAYS = 730
    org = make_org("keep-org")
    officer = make_officer(org)
    old = [
        closed_case(org, officer, RECEIVED, datetime.date(2023, 2, 1)),
        closed_case(
            org, officer, RECEIVED, datetime.date(2023, 2, 3), path=("screen", "accept", "conclude", "close")
        ),
        closed_case(org, officer, datetime.date(2023, 2, 6), datetime.date(2023, 2, 25)),
    ]
    recent = closed_case(org, officer, datetime.date(2023, 3, 1), datetime.date(2024, 6, 1))
    still_open, _ = make_complaint(org, today=datetime.date(2021, 1, 4))  # very old but open: kept
    before = stats.statistics(org, 2566)
    csv_before = client.get(
        reverse("complaints_public:statistics_csv", kwargs={"org_slug": org.slug}), {"fy": 2566}
    ).content

    today = datetime.date(2025, 3, 1)  # 730 days back is 2023-03-02: the three old ones qualify
    dry = retention("--dry-run", "--today", today.isoformat())
    assert dry["dry_run"] and dry["deleted"] == 3 and Complaint.objects.count() == 5

    result = retention("--today", today.isoformat())
    assert result["deleted"] == 3
    assert sorted(result["cases"][org.slug]) == sorted(c.number for c in old)
    assert set(Complaint.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    for model in (Transition, Message, Note, Attachment):
        assert not model.objects.filter(complaint__in=[c.pk for c in old]).exists()
    assert not Attachment.objects.filter(complaint_id__in=[c.pk for c in old]).exists()
    rows = ClosedCase.objects.for_org(org).order_by("received_month", "days_to_close")
    assert [(r.received_month, r.outcome, r.days_to_close) for r in rows] == [
        (datetime.date(2023, 1, 1), "not_accepted", 23),
        (datetime.date(2023, 1, 1), "concluded", 25),
        (datetime.date(2023, 2, 1), "not_accepted", 19),
    ]
    assert stats.statistics(org, 2566) == before
    csv_after = client.get(
        reverse("complaints_public:statistics_csv", kwargs={"org_slug": org.slug}), {"fy": 2566}
    ).content
    assert csv_after == csv_before

    entry = AuditEntry.objects.get(action="complaints.retention", organisation=org)
    assert entry.changes["deleted"] == 3 and sorted(entry.changes["cases"]) == sorted(c.number for c in old)
    assert "บันทึกภายใน" not in json.dumps(entry.changes, ensure_ascii=False)
    assert retention("--today", today.isoformat())["deleted"] == 0  # nothing left to do


def test_the_period_is_a_setting(settings):
    org = make_org("keep-short")
    officer = make_officer(org)
    closed_case(org, officer, RECEIVED, datetime.date(2023, 2, 1))
    settings.COMPLAINTS_RETENTION_DAYS = 30
    assert retention("--today", "2023-03-02")["deleted"] == 0
    assert retention("--today", "2023-03-03")["deleted"] == 1
