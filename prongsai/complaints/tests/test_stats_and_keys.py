import base64
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from prongsai.complaints import stats
from prongsai.complaints.models import Attachment, Complaint
from prongsai.complaints.tests.factories import make_complaint, pdf_evidence
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed(client):
    org = make_org("stats-org")
    for _ in range(3):
        make_complaint(org, category="bribery")
    make_complaint(org, category="procurement")
    data = stats.statistics(org)
    by_category = {row.code: row.value for row in data.by_category}
    # A "< 3" in the year: every other count is rounded to 5, so no sum gives the hidden cell back.
    assert by_category == {
        "bribery": "5",
        "procurement": "< 3",
        "property": "0",
        "authority": "0",
        "misconduct": "0",
        "other": "0",
    }
    assert {row.code: row.value for row in data.by_state}["received"] == "5"
    assert data.total == "5" and data.rounded_to == 5
    page = client.get(reverse("complaints_public:statistics", kwargs={"org_slug": org.slug}))
    assert page.status_code == 200 and "&lt; 3" in page.content.decode()
    csv_text = client.get(reverse("complaints_public:statistics_csv", kwargs={"org_slug": org.slug})).content
    assert b"< 3" in csv_text and "เรียกรับเงิน".encode() not in csv_text


def test_statistics_use_the_thai_fiscal_year():
    org = make_org("fy-org")
    complaint, _ = make_complaint(org)
    Complaint.objects.filter(pk=complaint.pk).update(received_on=datetime.date(2021, 10, 1))
    assert stats.statistics(org).fiscal_year == 2565


KEY1 = base64.b64encode(b"1" * 32).decode()
KEY2 = base64.b64encode(b"2" * 32).decode()


def test_rotation_re_encrypts_and_old_data_still_reads(settings):
    settings.COMPLAINTS_KEYS = f"old:{KEY1}"
    org = make_org("keys-org")
    complaint, _ = make_complaint(org, description="ข้อความก่อนหมุนกุญแจ", files=[pdf_evidence()])
    assert complaint.description_enc.startswith("old:")
    settings.COMPLAINTS_KEYS = f"new:{KEY2},old:{KEY1}"
    assert Complaint.objects.get().description == "ข้อความก่อนหมุนกุญแจ"  # old key still opens it
    out = StringIO()
    call_command("complaints", "rotate-keys", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["key"] == "new"
    settings.COMPLAINTS_KEYS = f"new:{KEY2}"  # the old key is gone
    fresh = Complaint.objects.get()
    assert fresh.description_enc.startswith("new:")
    assert fresh.description == "ข้อความก่อนหมุนกุญแจ"
    assert Attachment.objects.get().content().startswith(b"%PDF")
