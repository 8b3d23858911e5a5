"""The QR label sheet: a real multi-page PDF whose codes carry each item's absolute address."""

import subprocess

import pytest
from django.urls import reverse
from PIL import Image, ImageChops

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.property import labels
from prongsai.property.tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_thirty_items_make_a_two_page_pdf(tmp_path):
    org = make_org()
    items = [make_item(org, name=f"เครื่องคอมพิวเตอร์ตั้งโต๊ะ ชุดที่ {n}") for n in range(30)]
    path = tmp_path / "labels.pdf"
    path.write_bytes(labels.label_sheet_pdf(items))
    info = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info
    assert "A4" in info or "595 x 842" in info or "595.2 x 841.9" in info


def test_each_label_carries_the_qr_of_the_items_address(settings):
    """No QR decoder is installed, so the code on the page is compared with one made from the address."""
    settings.SITE_URL = "https://bophloi.example.go.th"
    org = make_org()
    items = [make_item(org), make_item(org)]
    page = labels.label_pages(items)[0]
    for index, item in enumerate(items):
        x, y = labels.label_origin(index)
        drawn = page.crop((x + 6, y + 6, x + 6 + labels.QR_SIZE, y + 6 + labels.QR_SIZE))
        expected = labels.qr_image(f"https://bophloi.example.go.th/staff/property/items/{item.pk}/")
        assert ImageChops.difference(drawn, expected).getbbox() is None
        other = labels.qr_image(f"https://bophloi.example.go.th/staff/property/items/{item.pk + 100}/")
        assert ImageChops.difference(drawn, other).getbbox() is not None


def test_the_label_page_serves_the_pdf_to_the_property_officer(client, tmp_path):
    org = make_org()
    make_item(org, code="๔๑๖-๖๔-๐๐๐๑")
    client.force_login(make_staff(org, roles=("property_officer",)))
    response = client.get(reverse("property:labels"), {"pdf": "1"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    client.force_login(make_staff(org, roles=("staff",)))
    assert client.get(reverse("property:labels"), {"pdf": "1"}).status_code == 403


def test_the_label_image_has_thai_text_drawn():
    org = make_org()
    page = labels.label_pages([make_item(org, name="โต๊ะประชุม")])[0]
    x, y = labels.label_origin(0)
    text_area = page.crop(
        (x + labels.QR_SIZE + 14, y + 10, x + labels.LABEL[0] - 20, y + labels.LABEL[1] - 20)
    )
    assert text_area.getextrema()[0] < 100  # dark pixels: the code and name are printed
    assert isinstance(page, Image.Image)
