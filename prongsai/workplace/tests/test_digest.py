"""The daily digest: e-mail and LINE (against a local fake of the Messaging API), on the schedule,
never with complaint content; and linking a LINE account through the signed webhook."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.core.schedule import SCHEDULE, missing_commands
from prongsai.core.tests.factories import login_verified, make_org, make_staff
from prongsai.disclosure.models import ContactMessage, Executive
from prongsai.workplace import line
from prongsai.workplace.models import LineAccount

pytestmark = pytest.mark.django_db
SECRET = "ลักลอบเบิกค่าน้ำมันเกินจริง"
CHANNEL_SECRET = "test-channel-secret"


class FakeLine(BaseHTTPRequestHandler):
    """Answers POST /v2/bot/message/push as LINE does, and keeps what it was sent."""

    received: list[dict] = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        FakeLine.received.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "json": json.loads(body)}
        )
        self.send_response(FakeLine.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(
            b'{"sentMessages": [{"id": "1", "quoteToken": "q"}]}' if FakeLine.status == 200 else b"{}"
        )

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_line(settings):
    FakeLine.received, FakeLine.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LINE_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.LINE_CHANNEL_ACCESS_TOKEN = "test-token"
    settings.LINE_CHANNEL_SECRET = CHANNEL_SECRET
    yield FakeLine
    server.shutdown()
    server.server_close()


@pytest.fixture
def staff():
    org = make_org()
    head = make_staff(org, "head", roles=("complaints_head",))
    officer = make_staff(org, "officer", roles=("complaints_officer",))
    officer.email = "officer@example.org"
    officer.save()
    mayor = make_staff(org, "mayor", roles=("executive",))
    mayor.email = "mayor@example.org"
    mayor.save()
    executive = Executive.objects.create(organisation=org, person=mayor.person)
    ContactMessage.objects.create(
        organisation=org, executive=executive, sender_name="นายประชา", sender_contact="081",
        subject="ไฟถนนดับ", body="หน้าวัด",
    )  # fmt: skip
    case, _code = actions.submit(org, actions.Submission("bribery", "พนักงานขับรถ", "ปั๊ม", SECRET), [])
    actions.assign(case, officer, by=head)
    Complaint.objects.filter(pk=case.pk).update(due_on=timezone.localdate())
    return {"org": org, "officer": officer, "mayor": mayor, "case": case}


def test_the_digest_is_on_the_schedule_on_working_days():
    [entry] = [e for e in SCHEDULE if e.args[0] == "work"]
    assert entry.days == "working" and "--digest" in entry.args
    assert missing_commands() == []


def test_the_digest_goes_by_mail_and_line_without_complaint_content(staff, fake_line):
    LineAccount.objects.create(organisation=staff["org"], user=staff["officer"], line_user_id="U" + "a" * 32)
    out = StringIO()
    call_command("work", "--digest", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["queued"] == 2  # those with an address or a LINE account
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"officer@example.org", "mayor@example.org"}
    officer_mail = by_address["officer@example.org"]
    assert staff["case"].number in officer_mail.body and "/staff/work/" in officer_mail.body
    assert "ไฟถนนดับ" in by_address["mayor@example.org"].body
    [push] = fake_line.received
    assert push["path"] == "/v2/bot/message/push" and push["auth"] == "Bearer test-token"
    assert push["json"]["to"] == "U" + "a" * 32
    text = push["json"]["messages"][0]["text"]
    assert staff["case"].number in text
    for sent in (officer_mail.body, officer_mail.subject, text):
        assert SECRET not in sent and "พนักงานขับรถ" not in sent and "ปั๊ม" not in sent


def test_a_refusing_line_server_fails_the_task_and_mail_still_goes(staff, fake_line):
    LineAccount.objects.create(organisation=staff["org"], user=staff["officer"], line_user_id="U" + "b" * 32)
    fake_line.status = 401
    with pytest.raises(line.LineError):
        line.push("U" + "b" * 32, "ทดสอบ")
    call_command("work", "--digest", stdout=StringIO())  # the immediate backend keeps the failure
    assert {m.to[0] for m in mail.outbox} == {"officer@example.org", "mayor@example.org"}


def test_without_a_line_token_nothing_goes_to_line(staff, fake_line, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    LineAccount.objects.create(organisation=staff["org"], user=staff["officer"], line_user_id="U" + "c" * 32)
    call_command("work", "--digest", stdout=StringIO())
    assert fake_line.received == [] and len(mail.outbox) == 2


def _signed(body: bytes) -> str:
    return base64.b64encode(hmac.new(CHANNEL_SECRET.encode(), body, hashlib.sha256).digest()).decode()


def _event(text: str, user_id: str) -> bytes:
    return json.dumps({"destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": 1764633600000, "replyToken": "r",
        "webhookEventId": "01H", "deliveryContext": {"isRedelivery": False},
        "source": {"type": "user", "userId": user_id},
        "message": {"type": "text", "id": "1", "quoteToken": "q", "text": text},
    }]}).encode()  # fmt: skip


def test_a_person_links_line_by_sending_the_code_of_their_page(client, staff, fake_line):
    officer = staff["officer"]
    page = login_verified(client, officer).get(reverse("workplace:line"))
    code = page.context["code"]
    assert page.status_code == 200 and code in page.content.decode()
    webhook = reverse("workplace:line_webhook")
    body = _event(f"ผูกบัญชี {code}", "U" + "d" * 32)
    forged = client.post(webhook, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=_signed(b"x"))
    assert forged.status_code == 400 and not LineAccount.objects.exists()
    response = client.post(
        webhook, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=_signed(body)
    )
    assert response.status_code == 200
    assert LineAccount.objects.get(user=officer).line_user_id == "U" + "d" * 32
    wrong = _event(code[:-2] + "xx", "U" + "e" * 32)
    client.post(webhook, wrong, content_type="application/json", HTTP_X_LINE_SIGNATURE=_signed(wrong))
    assert LineAccount.objects.count() == 1
    assert client.post(reverse("workplace:line")).status_code == 302  # unlink
    assert not LineAccount.objects.exists()
