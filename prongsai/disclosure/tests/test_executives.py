import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.core.models import Notification
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.disclosure.models import ContactMessage
from prongsai.disclosure.tests.factories import PNG, make_executive, make_message
from prongsai.participation.tests.factories import paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def mayor(org):
    user = make_staff(org, username="mayor", roles=("executive",))
    user.email = "mayor@example.org"
    user.save()
    user.person.position.is_executive = True
    user.person.position.save()
    return user


def contact_url(executive):
    return reverse(
        "disclosure_public:contact",
        kwargs={"org_slug": executive.organisation.slug, "executive_id": executive.pk},
    )


def test_a_message_reaches_the_executives_inbox_and_is_never_published(
    client, org, mayor, django_capture_on_commit_callbacks
):
    from prongsai.disclosure.models import Executive

    executive = Executive.objects.create(organisation=org, person=mayor.person, phone="034-000000")
    data = {
        "sender_name": "นายประชา",
        "sender_contact": "p@example.com",
        "subject": "ไฟถนนดับ",
        "body": "หมู่ ๓",
        **paid(client, contact_url(executive)),  # the proof of work the page's script does
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(executive), data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    message = ContactMessage.objects.for_org(org).get()
    assert "10.1.2.3" not in str(vars(message))
    notice = Notification.objects.get(recipient=mayor)
    assert "ไฟถนนดับ" in notice.title
    assert [m.to for m in mail.outbox if "ไฟถนนดับ" in m.subject] == [["mayor@example.org"]]
    public = client.get(
        reverse("disclosure_public:executives", kwargs={"org_slug": org.slug})
    ).content.decode()
    assert "034-000000" in public and "ไฟถนนดับ" not in public


def test_an_empty_contact_form_says_what_is_missing_and_keeps_the_text(client, org):
    executive = make_executive(org)
    response = client.post(contact_url(executive), {"sender_name": "นายประชา", "subject": "", "body": ""})
    assert response.status_code == 400
    assert "นายประชา" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_executive_answers_and_the_response_time_is_counted(client, org, mayor):
    from prongsai.disclosure.models import Executive

    executive = Executive.objects.create(organisation=org, person=mayor.person)
    message = make_message(executive)
    client.force_login(mayor)
    url = reverse("disclosure:message", kwargs={"contact_message_id": message.pk})
    assert "ถนนชำรุด" in client.get(url).content.decode()
    client.post(url, {"answer": "จะซ่อมภายในสัปดาห์นี้"})
    message.refresh_from_db()
    assert message.answered_by == mayor and message.response_time is not None
    listing = client.get(reverse("disclosure:messages"))
    assert listing.context["stats"]["answered"] == 1


def test_another_executive_cannot_read_the_message(client, org):
    message = make_message(make_executive(org))
    other = make_staff(org, roles=("executive",))
    client.force_login(other)
    url = reverse("disclosure:message", kwargs={"contact_message_id": message.pk})
    assert client.get(url).status_code == 404


def test_photo_upload_is_checked_by_content(client, org):
    executive = make_executive(org)
    client.force_login(make_staff(org, roles=("publisher",)))
    url = reverse("disclosure:executive_edit", kwargs={"person_id": executive.person_id})
    bad = client.post(url, {"photo": SimpleUploadedFile("me.png", b"MZ" * 50), "phone": "081"})
    assert bad.status_code == 200 and bad.context["form"].errors["photo"]
    good = client.post(url, {"photo": SimpleUploadedFile("me.png", PNG), "phone": "081"})
    assert good.status_code == 302
    executive.refresh_from_db()
    photo = client.get(
        reverse("disclosure_public:photo", kwargs={"org_slug": org.slug, "executive_id": executive.pk})
    )
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG


def test_contact_form_of_another_organisation_is_404(client, org):
    executive = make_executive(make_org("elsewhere"))
    url = reverse("disclosure_public:contact", kwargs={"org_slug": org.slug, "executive_id": executive.pk})
    assert client.get(url).status_code == 404
