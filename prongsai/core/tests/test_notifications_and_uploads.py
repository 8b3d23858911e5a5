import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Holiday, Notification
from prongsai.core.notifications import notify
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.uploads import check_upload
from prongsai.thai.workdays import add_working_days

# The messages below are matched by their English text.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_a_reminder_is_sent_once_and_e_mailed(client, django_capture_on_commit_callbacks):
    org = make_org()
    user = make_staff(org)
    user.email = "head@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(org, [user], "ขั้นตอนที่ 2 ใกล้ครบกำหนด", url="/staff/", dedupe_key="due:2")
        notify(org, [user], "ขั้นตอนที่ 2 ใกล้ครบกำหนด", url="/staff/", dedupe_key="due:2")
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1 and "/staff/" in mail.outbox[0].body
    client.force_login(user)
    assert '<span class="badge">1</span>' in client.get(reverse("core:dashboard")).content.decode()
    page = client.get(reverse("core:notifications")).content.decode()
    assert "ขั้นตอนที่ 2 ใกล้ครบกำหนด" in page
    assert Notification.objects.get().read_at is not None


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("report.pdf", b"%PDF-1.7\n...", None),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest", None),
        ("memo.docx", docx_bytes(), None),
        ("virus.pdf", b"MZ\x90\x00 this is an exe", "content"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "content"),
        ("page.html", b"<html><script>alert(1)</script>", "web page or script code"),
    ],
)
def test_uploads_are_checked_by_content_not_by_name(name, content, refusal):
    upload = SimpleUploadedFile(name, content)
    if refusal is None:
        assert check_upload(upload)
    else:
        with pytest.raises(ValidationError, match=refusal):
            check_upload(upload)


def test_too_large_uploads_are_refused():
    with pytest.raises(ValidationError, match="at most 1 MB"):
        check_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2_000_000), max_bytes=1_048_576)


def test_working_days_skip_the_official_holidays_an_administrator_keeps():
    assert Holiday.objects.filter(date=date(2022, 4, 13)).exists()  # สงกรานต์, seeded by migration
    calendar = holiday_calendar()
    # Tue 12 Apr 2565 + 1 working day: 13–15 are Songkran, then the weekend.
    assert add_working_days(date(2022, 4, 12), 1, calendar) == date(2022, 4, 18)
    Holiday.objects.filter(date=date(2022, 4, 18)).delete()
    Holiday.objects.create(date=date(2022, 4, 18), name="วันหยุดพิเศษ (ทดสอบ)")
    assert add_working_days(date(2022, 4, 12), 1, holiday_calendar()) == date(2022, 4, 19)
