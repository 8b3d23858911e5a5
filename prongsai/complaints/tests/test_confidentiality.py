"""Nothing identifying and no plaintext content in the database or the logs."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from prongsai.complaints import actions
from prongsai.complaints.models import ClosedCase, Complaint
from prongsai.complaints.tests.factories import intake_data, login_verified, make_officer
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db(transaction=True)

IP = "203.0.113.77"
AGENT = "SecretBrowser/9.9 (UniqueFingerprint)"
DESCRIPTION = "นายก่อ สร้างเก่ง เรียกเงินสามหมื่นบาทUNIQUEPLAINTEXT"
NAME = "นางสาวผู้แจ้ง ลับมาก"
MESSAGE = "ข้อความลับSECRETMSG"
ADDRESS = "secret-whistle@example.org"
REPLY = "คำตอบของศูนย์SECRETREPLY"


def all_text_in_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):  # every table, not only ours
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def test_the_flow_leaves_no_plaintext_ip_or_agent_anywhere(client, caplog):
    caplog.set_level(logging.DEBUG)
    org = make_org("secret-org")
    officer = make_officer(org)
    officer.email = "officer@example.org"
    officer.save()
    headers = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": IP}
    url = reverse("complaints_public:index", kwargs={"org_slug": org.slug})
    data = intake_data(org, description=DESCRIPTION, name=NAME, contact=ADDRESS)
    response = client.post(url, data, **headers)
    code = response.context["code"]
    follow = reverse("complaints_public:follow", kwargs={"org_slug": org.slug})
    client.post(follow, {"code": "0000-0000-0000-0000-0000"}, **headers)  # a logged 400
    client.post(
        reverse("complaints_public:reply", kwargs={"org_slug": org.slug}),
        {"code": code, "body": MESSAGE},
        **headers,
    )
    staff = login_verified(client.__class__(), officer)
    complaint = Complaint.objects.get()
    assert (
        staff.get(
            reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk}), **headers
        ).status_code
        == 200
    )

    actions.officer_message(complaint, REPLY, [], by=officer)  # e-mails the complainant, no content
    assert [m.to for m in mail.outbox if ADDRESS in m.to] == [[ADDRESS]]
    assert len([m for m in mail.outbox if "officer@example.org" in m.to]) == 2  # new case, new message
    secrets = (IP, AGENT, "UniqueFingerprint", "UNIQUEPLAINTEXT", "ลับมาก", "SECRETMSG", "SECRETREPLY", code)
    for message in mail.outbox:
        for secret in secrets:
            assert secret not in message.subject + message.body, secret

    stored = all_text_in_database()
    for secret in (*secrets, ADDRESS):
        assert secret not in stored, secret

    # Closed and deleted after the retention period: the anonymous row holds no content either.
    for action in ("screen", "reject", "close"):
        actions.transition(complaint, action, actor=officer, reason="เหตุผลSECRETREASON")
    call_command(
        "complaints",
        "retention",
        "--today",
        (datetime.date.today() + datetime.timedelta(days=800)).isoformat(),
    )
    assert not Complaint.objects.exists() and ClosedCase.objects.count() == 1
    stored = all_text_in_database()
    for secret in (*secrets, ADDRESS, "SECRETREASON"):
        assert secret not in stored, secret
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in (IP, AGENT, "UNIQUEPLAINTEXT", "SECRETMSG", "SECRETREPLY", ADDRESS, code):
        assert secret not in logged, secret


def test_complainant_pages_are_never_cached_and_have_a_strict_policy(client):
    org = make_org("headers-org")
    for name in ("index", "follow"):
        response = client.get(reverse(f"complaints_public:{name}", kwargs={"org_slug": org.slug}))
        assert "no-store" in response["Cache-Control"]
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert response["Referrer-Policy"] == "same-origin"  # no referrer to other sites; see headers.py
        assert response["X-Frame-Options"] == "DENY"
        body = response.content.decode()
        assert (
            "<script>" not in body
            and 'style="' not in body
            and "http://" not in body.replace("http://www.w3.org", "")
        )
