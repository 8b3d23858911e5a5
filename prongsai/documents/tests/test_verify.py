"""The public verify page: the sealed original by file or register number; anything else is not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.documents import verify
from prongsai.documents.tests.factories import make_chain_org
from prongsai.documents.tests.sealed import approved, seal_dir, stored_bytes  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seal_dir")]


@pytest.fixture
def sealed(chain_org):
    org, users = chain_org
    return org, users, approved(org, users)


def url(org):
    return reverse("documents_public:verify", kwargs={"org_slug": org.slug})


def upload(data: bytes, name: str = "memo.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_sealed_file_is_the_original_with_who_approved_it_and_when(client, sealed):
    org, _users, document = sealed
    response = client.post(url(org), {"file": upload(stored_bytes(document.pdf))})
    html = response.content.decode()
    assert response.status_code == 200 and "This file is the sealed original." in html
    for step in document.steps.all():
        assert step.signed_name in html and step.signed_position in html
    assert document.pdf_sha256 in html


def test_one_changed_byte_is_not_the_original(client, sealed):
    org, _users, document = sealed
    data = bytearray(stored_bytes(document.pdf))
    data[len(data) // 2] ^= 0x01
    html = client.post(url(org), {"file": upload(bytes(data))}).content.decode()
    assert "This file is not the original" in html and "This file is the sealed original." not in html
    assert document.steps.first().signed_name not in html


def test_a_register_number_typed_in_arabic_digits_finds_the_sealed_document(client, sealed):
    org, _users, document = sealed
    typed = verify.to_arabic_digits(document.reference)
    html = client.post(url(org), {"number": typed}).content.decode()
    assert "A sealed original has this register number." in html and document.subject in html
    html = client.post(url(org), {"number": "9999"}).content.decode()
    assert "No sealed document of this organisation has this register number." in html


def test_another_organisations_original_is_not_an_original_here(client, sealed):
    _org, _users, document = sealed
    other, _other_users = make_chain_org()
    response = client.post(url(other), {"file": upload(stored_bytes(document.pdf))})
    html = response.content.decode()
    assert "This file is not the original" in html and document.subject not in html
    assert "It carries an electronic signature" in html  # sealed, but not by this organisation
    assert document.subject not in client.post(url(other), {"number": document.reference}).content.decode()


def test_bad_uploads_get_a_clear_message_in_thai_and_english(client, chain_org, monkeypatch):
    org, _users = chain_org
    response = client.post(url(org), {"file": upload(b"<html>not a pdf</html>", "memo.pdf")})
    assert response.status_code == 400 and "This file is not a PDF" in response.content.decode()
    response = client.post(url(org), {})
    assert response.status_code == 400 and "Upload the PDF file or type its register number" in (
        response.content.decode()
    )
    monkeypatch.setattr(verify, "MAX_BYTES", 100)
    response = client.post(url(org), {"file": upload(b"%PDF-1.7\n" + b"0" * 200)})
    assert response.status_code == 400 and "larger than 20 MB" in response.content.decode()
    thai = Client()
    thai.cookies["django_language"] = "th"
    response = thai.post(url(org), {"file": upload(b"GIF89a....", "x.pdf")})
    assert response.status_code == 400 and "ไม่ใช่ไฟล์ PDF" in response.content.decode()


def test_the_page_is_throttled_and_needs_its_csrf_token(chain_org, settings):
    org, _users = chain_org
    settings.DOCUMENTS_VERIFY_LIMIT = (2, 600)
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert client.get(url(org)).status_code == 200
    for _ in range(2):
        assert client.post(url(org), {"number": "1"}).status_code == 200
    response = client.post(url(org), {"number": "1"})
    assert response.status_code == 429 and "มีการตรวจสอบมากเกินไป" in response.content.decode()  # Thai first
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(org), {"number": "1"}).status_code == 403
