import pytest
from django.urls import reverse

from prongsai.complaints import actions
from prongsai.complaints.models import Message
from prongsai.complaints.tests.factories import make_complaint, make_officer, pdf_evidence
from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    org = make_org("follow-org")
    complaint, code = make_complaint(org)
    return org, complaint, code


def url(org, name):
    return reverse(f"complaints_public:{name}", kwargs={"org_slug": org.slug})


def test_the_code_opens_the_case_and_shows_the_officers_reply(client, case):
    org, complaint, code = case
    officer = make_officer(org)
    actions.officer_message(complaint, "ได้รับเรื่องแล้ว กำลังตรวจสอบ", [pdf_evidence("ตอบกลับ.pdf")], by=officer)
    response = client.post(url(org, "follow"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "ได้รับเรื่องแล้ว" in body and complaint.number in body
    assert code not in response.request.get("QUERY_STRING", "")


def test_the_complainant_can_answer_with_a_file(client, case):
    org, complaint, code = case
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url(org, "reply"),
        {
            "code": code,
            "body": "ขอส่งหลักฐานเพิ่มเติม",
            "files": [SimpleUploadedFile("more.pdf", samples.pdf())],
        },
    )
    assert response.status_code == 200
    message = Message.objects.get(complaint=complaint)
    assert message.from_complainant and message.body == "ขอส่งหลักฐานเพิ่มเติม"
    assert message.files.count() == 1


def test_the_complainant_downloads_an_officers_file_by_post(client, case):
    org, complaint, code = case
    officer = make_officer(org)
    message = actions.officer_message(complaint, "แนบหนังสือ", [pdf_evidence()], by=officer)
    attachment = message.files.get()
    response = client.post(url(org, "file"), {"code": code, "attachment": attachment.pk})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # Another case's code does not open this file.
    _other, other_code = make_complaint(org)
    response = client.post(url(org, "file"), {"code": other_code, "attachment": attachment.pk})
    assert response.status_code == 404


def test_a_wrong_code_gets_a_generic_message(client, case):
    org, _complaint, _code = case
    response = client.post(url(org, "follow"), {"code": "0000-0000-0000-0000-0000"})
    assert response.status_code == 400
    assert "No complaint matches" in response.content.decode() or "ไม่พบ" in response.content.decode()


def test_a_malformed_code_says_what_a_code_looks_like(client, case):
    org, _complaint, _code = case
    response = client.post(url(org, "follow"), {"code": "12345"})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]


def test_guessing_is_throttled_even_for_the_right_code_afterwards(client, case):
    org, _complaint, code = case
    wrong = code[:5] + ("0000-0000-0000-0000" if not code.endswith("0000") else "1111-1111-1111-1111")
    for _ in range(5):
        assert client.post(url(org, "follow"), {"code": wrong}).status_code == 400
    assert client.post(url(org, "follow"), {"code": wrong}).status_code == 429
    # The bucket of this code's look-up part is closed for a while, for everyone.
    assert client.post(url(org, "follow"), {"code": code}).status_code == 429


def test_a_code_of_another_organisation_opens_nothing(client, case):
    _org, _complaint, code = case
    other = make_org("other-follow")
    assert client.post(url(other, "follow"), {"code": code}).status_code == 400


def test_follow_up_never_works_by_get(client, case):
    org, _complaint, code = case
    response = client.get(url(org, "follow"), {"code": code})
    assert response.status_code == 200
    assert "case-status" not in response.content.decode()
