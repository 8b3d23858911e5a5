"""Lows of finding 14 on the public channels: survey stuffing, comment limits in the cookie,
unlimited contact messages, and a CRLF in a contact subject that lost the mail.

Each fresh session here is a new `Client()`: no cookie, no session, as an attacker who drops them.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from prongsai.core.mail import one_line
from prongsai.core.tests.factories import login_verified, make_org, make_staff
from prongsai.disclosure.models import ContactMessage
from prongsai.disclosure.tests.factories import make_executive
from prongsai.participation import actions
from prongsai.participation.models import Comment, SurveyResponse
from prongsai.participation.tests.factories import make_consultation, make_survey, paid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cheap_proof_of_work(settings):
    settings.COMPLAINTS_POW_BITS = 4


@pytest.fixture
def org(db):
    return make_org("bophloi")


def survey_url(survey):
    return reverse(
        "participation_public:survey", kwargs={"org_slug": survey.organisation.slug, "survey_id": survey.pk}
    )


def comment_url(consultation):
    return reverse(
        "participation_public:consultation",
        kwargs={"org_slug": consultation.organisation.slug, "consultation_id": consultation.pk},
    )


def contact_url(executive):
    return reverse(
        "disclosure_public:contact",
        kwargs={"org_slug": executive.organisation.slug, "executive_id": executive.pk},
    )


# --- survey stuffing ---------------------------------------------------------------------------


def test_twenty_fresh_sessions_are_no_longer_all_accepted(org):
    survey = make_survey(org)
    statuses = []
    for _ in range(20):
        visitor = Client()
        visitor.get(survey_url(survey))  # the page, its cookie and its challenge, as the review did
        statuses.append(visitor.post(survey_url(survey), {"e1": "3"}).status_code)
    assert statuses == [400] * 20 and not SurveyResponse.objects.exists()


def test_paid_answers_from_fresh_sessions_are_slowed_by_the_surveys_rate(org, settings):
    settings.PARTICIPATION_LIMITS = {"survey": (5, 600)}
    survey = make_survey(org)
    statuses = []
    for _ in range(20):
        visitor = Client()
        statuses.append(
            visitor.post(survey_url(survey), {"e1": "3", **paid(visitor, survey_url(survey))}).status_code
        )
    assert statuses == [302] * 5 + [400] * 15
    assert SurveyResponse.objects.count() == 5


def test_a_busy_survey_says_so_in_thai_and_english(org, settings):
    settings.PARTICIPATION_LIMITS = {"survey": (0, 600)}
    survey = make_survey(org)
    thai = Client()
    assert (
        "ส่งมามากเกินไป"
        in thai.post(survey_url(survey), {"e1": "3", **paid(thai, survey_url(survey))}).content.decode()
    )
    english = Client()
    english.cookies["django_language"] = "en"
    body = english.post(survey_url(survey), {"e1": "3", **paid(english, survey_url(survey))}).content.decode()
    assert "Too many submissions in a short time" in body


def test_an_invitation_survey_takes_each_code_once(org, client):
    survey = make_survey(org, invitation_only=True)
    code = actions.issue_paper_codes(survey, 1)[0]
    url = survey_url(survey)
    without = client.post(url, {"e1": "3", **paid(client, url)})
    assert without.status_code == 400 and not SurveyResponse.objects.exists()
    invited = Client()
    assert f'value="{code}"' in invited.get(f"{url}?code={code}").content.decode()  # the QR code's link
    assert invited.post(url, {"e1": "3", "paper_code": code, **paid(invited, url)}).status_code == 302
    again = Client()
    assert again.post(url, {"e1": "2", "paper_code": code, **paid(again, url)}).status_code == 400
    assert SurveyResponse.objects.count() == 1


def test_invitations_are_printed_with_a_qr_code_each(org, client):
    survey = make_survey(org, invitation_only=True)
    login_verified(client, make_staff(org, roles=("participation_officer",)))
    response = client.post(
        reverse("participation:survey_print", kwargs={"survey_id": survey.pk}), {"count": 3}
    )
    assert response.status_code == 200
    assert response.content.decode().count('<svg class="qr"') == 1 + 3


# --- comments ----------------------------------------------------------------------------------


def test_comments_from_fresh_sessions_without_proof_of_work_are_refused(org):
    consultation = make_consultation(org)
    for n in range(6):
        Client().post(comment_url(consultation), {"body": f"ความเห็นอัตโนมัติ {n}"})
    assert not Comment.objects.exists()


def test_dropping_the_cookie_does_not_reset_the_comment_limit(org, settings):
    settings.PARTICIPATION_LIMITS = {"comments": (3, 600)}
    consultation = make_consultation(org)
    url = comment_url(consultation)
    statuses = []
    for n in range(6):
        visitor = Client()  # no cookie and no session carried over
        statuses.append(visitor.post(url, {"body": f"ความเห็นที่ {n} ยาวพอ", **paid(visitor, url)}).status_code)
    assert statuses == [302, 302, 302, 400, 400, 400] and Comment.objects.count() == 3


def test_a_proof_of_work_is_used_once(org, client):
    consultation = make_consultation(org)
    url = comment_url(consultation)
    fields = paid(client, url)
    assert client.post(url, {"body": "ความเห็นแรก ยาวพอ", **fields}).status_code == 302
    assert client.post(url, {"body": "ความเห็นซ้ำ ยาวพอ", **fields}).status_code == 400
    assert Comment.objects.count() == 1


# --- messages to executives --------------------------------------------------------------------


def message(**fields):
    base = {"sender_name": "นายประชา", "sender_contact": "p@example.com", "subject": "ไฟถนนดับ"}
    base["body"] = "หมู่ ๓"
    return {**base, **fields}


def test_contact_messages_without_proof_of_work_are_refused(org):
    executive = make_executive(org)
    for _ in range(5):
        assert Client().post(contact_url(executive), message()).status_code == 400
    assert not ContactMessage.objects.exists()


def test_contact_messages_are_limited_per_executive_whatever_the_session(org, settings):
    settings.PARTICIPATION_LIMITS = {"contact": (3, 600)}
    executive = make_executive(org)
    statuses = []
    for _ in range(5):
        visitor = Client()
        statuses.append(
            visitor.post(contact_url(executive), message(**paid(visitor, contact_url(executive)))).status_code
        )
    assert statuses == [200, 200, 200, 400, 400] and ContactMessage.objects.count() == 3
    english = Client()
    english.cookies["django_language"] = "en"
    body = english.post(
        contact_url(executive), message(**paid(english, contact_url(executive)))
    ).content.decode()
    assert "Too many submissions in a short time" in body
    thai = Client()
    assert (
        "ส่งมามากเกินไป"
        in thai.post(contact_url(executive), message(**paid(thai, contact_url(executive)))).content.decode()
    )


@pytest.mark.parametrize("field", ["subject", "sender_name", "sender_contact"])
@pytest.mark.parametrize("payload", ["ไฟถนน\r\nBcc: victim@example.com", "ไฟถนน\nดับ", "ไฟถนน\u2028ดับ"])
def test_a_line_break_in_a_header_field_is_refused_with_a_message(client, org, field, payload):
    executive = make_executive(org)
    client.cookies["django_language"] = "en"
    response = client.post(
        contact_url(executive), message(**{field: payload}, **paid(client, contact_url(executive)))
    )
    assert response.status_code == 400
    assert "Write this on one line (no line breaks)." in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_line_break_message_is_in_thai_by_default(client, org):
    executive = make_executive(org)
    response = client.post(
        contact_url(executive),
        message(subject="ก\r\nBcc: x@example.com", **paid(client, contact_url(executive))),
    )
    assert "บรรทัดเดียว" in response.content.decode()


def test_a_message_to_an_executive_without_account_is_mailed_not_lost(
    client, org, django_capture_on_commit_callbacks
):
    executive = make_executive(org)
    executive.email = "mayor@example.org"
    executive.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(executive), message(**paid(client, contact_url(executive))))
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["mayor@example.org"]] and "ไฟถนนดับ" in mail.outbox[0].subject


def test_a_mail_subject_built_from_stored_text_is_one_line():
    assert one_line("Re: ไฟถนน\r\nBcc: victim@example.com") == "Re: ไฟถนน Bcc: victim@example.com"
    assert one_line("ก" * 300) == "ก" * 200
