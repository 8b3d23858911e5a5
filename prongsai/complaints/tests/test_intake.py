import io
import time

import pytest
from django.urls import reverse
from PIL import Image

from prongsai.complaints import actions, pow, receipts
from prongsai.complaints.models import Attachment, Complaint
from prongsai.complaints.tests.factories import intake_data, jpeg_with_gps, make_officer
from prongsai.core.models import Notification
from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("bophloi-test")


def url(org, name="index"):
    return reverse(f"complaints_public:{name}", kwargs={"org_slug": org.slug})


def upload(name, data, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_it_shows_the_form_with_a_challenge(client, org):
    response = client.get(url(org))
    assert response.status_code == 200
    assert 'name="pow_challenge"' in response.content.decode()
    assert "complaints/pow.js" in response.content.decode()


def test_it_accepts_a_complaint_and_shows_the_receipt_once(client, org):
    officer = make_officer(org)
    response = client.post(url(org), intake_data(org, files=[upload("a.pdf", samples.pdf())]))
    assert response.status_code == 200
    code = response.context["code"]
    assert receipts.normalise(code)  # a well-formed code, 100 bits
    complaint = Complaint.objects.get(organisation=org)
    assert complaint.number in response.content.decode()
    assert code in response.content.decode()
    assert complaint.receipt_hash.startswith("hmac-sha256$test$")  # keyed verifier (docs/adr/0004)
    assert code not in complaint.receipt_hash
    assert receipts.verify(complaint.receipt_hash, code)
    assert complaint.is_anonymous
    assert complaint.attachments.count() == 1
    # The officer hears about it, without any content.
    note = Notification.objects.get(recipient=officer)
    assert complaint.number in note.title and "แบ่งซื้อ" not in note.title


def test_case_numbers_count_per_organisation_and_year(client, org):
    client.post(url(org), intake_data(org))
    client.post(url(org), intake_data(org))
    assert sorted(Complaint.objects.for_org(org).values_list("seq", flat=True)) == [1, 2]


def test_named_complainant_is_kept_encrypted(client, org):
    client.post(url(org), intake_data(org, name="นายสมชาย ผู้แจ้ง", contact="081-234-5678"))
    complaint = Complaint.objects.get()
    assert not complaint.is_anonymous
    assert actions.identity(complaint) == {"name": "นายสมชาย ผู้แจ้ง", "contact": "081-234-5678"}
    assert "สมชาย" not in complaint.identity_enc and "5678" not in complaint.identity_enc


def test_receipt_text_file_is_posted_and_not_cached(client, org):
    response = client.post(url(org, "receipt_file"), {"code": "ABCD-EFGH-JKMN-PQRS-TV12"})
    assert response["Content-Disposition"].startswith("attachment")
    assert "ABCD-EFGH-JKMN-PQRS-TV12" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(url(org, "receipt_file")).status_code == 302  # never by GET


def test_wrong_file_type_is_refused_and_nothing_is_stored(client, org):
    data = intake_data(org, files=[upload("evidence.pdf", b"MZ\x90\x00 this is an exe")])
    response = client.post(url(org), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "evidence.pdf" in body
    assert "แบ่งซื้อแบ่งจ้าง" in body  # what the citizen typed is kept
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_too_many_files_are_refused(client, org):
    files = [upload(f"{i}.pdf", b"%PDF-1.4") for i in range(6)]
    response = client.post(url(org), intake_data(org, files=files))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_image_metadata_and_gps_are_removed(client, org):
    raw = jpeg_with_gps()
    assert b"SecretCamMaker" in raw
    client.post(url(org), intake_data(org, files=[upload("photo.jpg", raw)]))
    stored = Attachment.objects.get().content()
    assert b"SecretCamMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (40, 30)


def test_a_decompression_bomb_is_refused(client, org):
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, "PNG")  # 144 megapixels in a few kB
    response = client.post(url(org), intake_data(org, files=[upload("x.png", bomb.getvalue())]))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_huge_description_is_refused_with_a_message(client, org):
    response = client.post(url(org), intake_data(org, description="ก" * 100_000))
    assert response.status_code == 400
    assert response.context["form"].errors["description"]
    assert not Complaint.objects.exists()


def test_the_honeypot_refuses_bots(client, org):
    response = client.post(url(org), intake_data(org, website="http://spam.example"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_an_unpaid_challenge_is_refused_even_when_old(client, org):
    response = client.post(url(org), intake_data(org, pow_counter=""))
    assert response.status_code == 400
    old = pow.new_challenge(org.pk, now=time.time() - 600)  # waiting is no payment
    assert client.post(url(org), intake_data(org, pow_challenge=old, pow_counter="")).status_code == 400
    assert not Complaint.objects.exists()


def test_a_challenge_cannot_be_replayed(client, org):
    data = intake_data(org)
    assert client.post(url(org), data).status_code == 200
    assert client.post(url(org), data).status_code == 400
    assert Complaint.objects.count() == 1


def test_intake_is_never_refused_for_load_but_gets_dearer(client, org, settings):
    settings.COMPLAINTS_POW_BITS = 4
    settings.COMPLAINTS_POW_STEP = 1
    for _ in range(4):
        assert client.post(url(org), intake_data(org)).status_code == 200
    response = client.get(url(org))
    assert response.status_code == 200
    assert int(response.context["pow_bits"]) > 4
    assert Complaint.objects.count() == 4


def test_html_in_text_is_shown_escaped(client, org):
    response = client.post(url(org), intake_data(org, concerned="<script>alert(1)</script>"))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.concerned == "<script>alert(1)</script>"


def test_an_unknown_organisation_is_a_clear_404(client):
    assert client.get("/no-such-org/complaints/").status_code == 404
