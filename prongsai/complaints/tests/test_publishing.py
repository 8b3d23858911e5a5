"""The centre's manual, its appointment order and its statistics on the disclosure portal."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import publishing
from prongsai.complaints.models import CentreSettings
from prongsai.complaints.tests.factories import PDF, login_verified
from prongsai.core import audit
from prongsai.core.tests.factories import make_staff
from prongsai.disclosure.models import Publication
from prongsai.documents.models import Document, Status
from prongsai.documents.tests.factories import make_chain_org, make_document
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db

ORDER_SUBJECT = "คำสั่งแต่งตั้งเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนการทุจริต"


@pytest.fixture
def setup(client):
    org, users = make_chain_org("pub-org")
    head = make_staff(org, roles=("complaints_head",))
    login_verified(client, head)
    return org, users, client


def approved_order(org, users, with_pdf=True) -> Document:
    document = make_document(org, users["analyst"], subject=ORDER_SUBJECT)
    name = default_storage.save(f"documents/{org.pk}/order.pdf", ContentFile(PDF)) if with_pdf else ""
    audit.update_rows(Document.objects.filter(pk=document.pk), status=Status.APPROVED, pdf=name)
    return Document.objects.get(pk=document.pk)


def test_the_appointment_order_is_chosen_and_published_under_the_guidance_item(setup):
    org, users, client = setup
    draft = make_document(org, users["analyst"], subject="ร่างคำสั่ง")
    order = approved_order(org, users)
    page = client.get(reverse("complaints:centre"))
    choices = [value for value, _label in page.context["order_form"].fields["document"].choices if value]
    assert [c.value for c in choices] == [order.pk]  # only approved memos, not the draft
    client.post(reverse("complaints:centre_order"), {"document": draft.pk})
    assert not CentreSettings.objects.for_org(org).exists()
    client.post(reverse("complaints:centre_order"), {"document": order.pk})
    assert CentreSettings.objects.for_org(org).get().appointment_order == order
    client.post(reverse("complaints:centre_publish"), {"what": "order", "fiscal_year": "2568"})
    publication = Publication.objects.for_org(org).get()
    assert (publication.item.year, publication.item.code) == (2568, "o17")
    assert publication.title == ORDER_SUBJECT and publication.file_type == "pdf"


def test_an_order_without_a_pdf_is_refused_with_a_message(setup):
    org, users, client = setup
    order = approved_order(org, users, with_pdf=False)
    CentreSettings.objects.create(organisation=org, appointment_order=order)
    response = client.post(
        reverse("complaints:centre_publish"), {"what": "order", "fiscal_year": "2568"}, follow=True
    )
    assert "render it first" in response.content.decode()
    assert not Publication.objects.for_org(org).exists()


def test_the_manual_is_checked_by_content_and_published(setup):
    org, _users, client = setup
    fake = SimpleUploadedFile("manual.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", content_type="application/pdf")
    response = client.post(
        reverse("complaints:centre_manual"),
        {"title": "คู่มือศูนย์", "fiscal_year": "2565", "file": fake},
        follow=True,
    )
    assert "not an accepted type" in response.content.decode()
    assert not Publication.objects.for_org(org).exists()
    real = SimpleUploadedFile("manual.pdf", PDF, content_type="application/pdf")
    client.post(reverse("complaints:centre_manual"), {"title": "คู่มือศูนย์", "fiscal_year": "2565", "file": real})
    publication = Publication.objects.for_org(org).get()
    assert (publication.item.year, publication.item.code, publication.title) == (2565, "o29", "คู่มือศูนย์")


@pytest.mark.parametrize(("year", "code"), [(2565, "o31"), (2566, "o29"), (2568, "o19")])
def test_the_statistics_page_is_published_under_the_statistics_item(setup, year, code):
    org, _users, client = setup
    client.post(reverse("complaints:centre_publish"), {"what": "statistics", "fiscal_year": str(year)})
    publication = Publication.objects.for_org(org).get()
    assert (publication.item.year, publication.item.code) == (year, code)
    assert publication.url.endswith(f"/{org.slug}/complaints/statistics/?fy={year}")


def test_a_year_without_a_statistics_item_says_so(setup, monkeypatch):
    org, _users, client = setup
    monkeypatch.setattr(publishing, "STATISTICS_TITLE", "สถิติที่กรอบการประเมินไม่มี")  # an item no year lists
    response = client.post(
        reverse("complaints:centre_publish"), {"what": "statistics", "fiscal_year": "2567"}, follow=True
    )
    page = response.content.decode()
    assert "2567" in page and "สถิติที่กรอบการประเมินไม่มี" in page
    assert not Publication.objects.for_org(org).exists()


def test_every_pickable_year_publishes_the_statistics_even_without_its_own_framework(setup):
    org, _users, client = setup
    next_year = fiscal_year_of(timezone.localdate()) + 1
    client.post(reverse("complaints:centre_publish"), {"what": "statistics", "fiscal_year": str(next_year)})
    publication = Publication.objects.for_org(org).get()
    assert publication.item.year == next_year and publication.item.unverified


def test_only_the_head_or_an_administrator_publishes(client):
    org, _users = make_chain_org("pub-org2")
    login_verified(client, make_staff(org, roles=("complaints_officer",)))
    response = client.post(
        reverse("complaints:centre_publish"), {"what": "statistics", "fiscal_year": "2568"}
    )
    assert response.status_code == 403 and not Publication.objects.exists()
