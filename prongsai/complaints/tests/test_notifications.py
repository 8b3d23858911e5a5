"""E-mail says that something happened, never what: to officers, and to named complainants."""

import pytest
from django.core import mail
from django.urls import reverse

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.factories import intake_data, make_complaint, make_officer
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db

DESCRIPTION = "ปลัดรับเงินใต้โต๊ะMAILSECRETDESC"
NAME = "นายผู้แจ้ง ลับสุดMAILSECRETNAME"
MESSAGE = "หลักฐานเพิ่มเติมMAILSECRETMSG"
REPLY = "ศูนย์ตอบกลับMAILSECRETREPLY"
ADDRESS = "whistle@example.org"
SECRETS = ("MAILSECRETDESC", "MAILSECRETNAME", "MAILSECRETMSG", "MAILSECRETREPLY", "ปลัดรับเงิน")


def no_secrets(messages):
    for message in messages:
        text = message.subject + message.body
        for secret in SECRETS:
            assert secret not in text, (secret, text)


def with_email(user, address):
    user.email = address
    user.save()
    return user


def test_officers_hear_of_new_cases_and_messages_by_number_only(client, django_capture_on_commit_callbacks):
    org = make_org("mail-org")
    with_email(make_officer(org), "officer@example.org")
    named = with_email(make_officer(org, first="ประเสริฐ", last="ทองดี"), "named@example.org")
    url = reverse("complaints_public:index", kwargs={"org_slug": org.slug})
    data = intake_data(org, description=DESCRIPTION, name=NAME, concerned="นายประเสริฐ ทองดี")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    new = [m for m in mail.outbox if "officer@example.org" in m.to]
    assert len(new) == 1 and complaint.number in new[0].subject
    assert f"/staff/complaints/{complaint.pk}/" in new[0].body
    assert not [m for m in mail.outbox if "named@example.org" in m.to]  # in conflict: not told at all
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("complaints_public:reply", kwargs={"org_slug": org.slug}),
            {"code": response.context["code"], "body": MESSAGE},
        )
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert complaint.number in mail.outbox[0].subject
    no_secrets(mail.outbox)
    assert named.notifications.count() == 0


def test_a_named_complainant_with_an_email_hears_that_the_case_changed(django_capture_on_commit_callbacks):
    org = make_org("mail-org2")
    officer = make_officer(org)
    complaint, _ = make_complaint(org, description=DESCRIPTION, name=NAME, contact=f" {ADDRESS} ")
    with django_capture_on_commit_callbacks(execute=True):
        actions.officer_message(complaint, REPLY, [], by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(complaint, "screen", actor=officer, reason="ตรวจสอบMAILSECRETREPLY")
    to_complainant = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert len(to_complainant) == 2
    assert all(complaint.number in m.subject for m in to_complainant)
    assert f"/{org.slug}/complaints/follow/" in to_complainant[0].body
    no_secrets(mail.outbox)


@pytest.mark.parametrize("contact", ["", "081-234-5678"])
def test_no_email_without_an_address(contact, django_capture_on_commit_callbacks):
    org = make_org(f"mail-none-{len(contact)}")
    officer = make_officer(org)
    complaint, _ = make_complaint(org, name=NAME if contact else "", contact=contact)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.officer_message(complaint, REPLY, [], by=officer)
    assert mail.outbox == []
