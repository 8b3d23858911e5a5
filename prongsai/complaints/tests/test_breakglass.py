import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import breakglass
from prongsai.complaints.models import BreakGlass
from prongsai.complaints.tests.factories import login_verified, make_complaint, make_officer
from prongsai.core.models import AuditEntry, Notification
from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db

SECRET = "เรียกรับเงินBREAKGLASSSECRET"
REASON = "คำสั่งศาลจังหวัดกาญจนบุรีที่ 123/2569 ให้ส่งสำเนาเรื่อง"


@pytest.fixture
def org():
    return make_org("glass-org")


def page(complaint):
    return reverse("complaints:break_glass", kwargs={"complaint_id": complaint.pk})


@pytest.mark.parametrize("admin_kind", ["superuser", "org_admin"])
def test_an_administrator_without_break_glass_sees_no_content(client, org, admin_kind):
    complaint, _ = make_complaint(org, description=SECRET)
    admin = (
        make_staff(org, roles=(), is_superuser=True)
        if admin_kind == "superuser"
        else make_staff(org, roles=("org_admin",))
    )
    login_verified(client, admin)
    detail = client.get(reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk}))
    assert detail.status_code == 403 and SECRET.encode() not in detail.content
    form = client.get(page(complaint))
    assert form.status_code == 200 and SECRET.encode() not in form.content
    assert b"Break the glass" in form.content


def test_break_glass_with_a_reason_opens_the_case_audits_it_and_tells_the_head(client, org):
    complaint, _ = make_complaint(org, description=SECRET)
    head = make_staff(org, roles=("complaints_head", "complaints_officer"))
    head.email = "head@example.org"
    head.save()
    admin = make_staff(org, roles=("org_admin",))
    login_verified(client, admin)

    short = client.post(page(complaint), {"reason": "ขอดู"})
    assert short.status_code == 400 and SECRET.encode() not in short.content
    assert not BreakGlass.objects.exists()

    response = client.post(page(complaint), {"reason": REASON}, follow=True)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    entry = AuditEntry.objects.get(action="complaints.break_glass", object_id=str(complaint.pk))
    assert entry.actor == admin and entry.changes["reason"] == " ".join(REASON.split())
    assert AuditEntry.objects.filter(action="complaints.read_case_break_glass", actor=admin).count() == 1
    notice = Notification.objects.get(recipient=head, kind="complaints.break_glass")
    assert complaint.number in notice.title and SECRET not in notice.title
    # The head sees the grant and its reason in the log.
    log = login_verified(client.__class__(), head).get(reverse("complaints:break_glass_log"))
    assert REASON.split()[0] in log.content.decode()


def test_access_expires(client, org, settings):
    settings.COMPLAINTS_BREAK_GLASS_MINUTES = 30
    complaint, _ = make_complaint(org, description=SECRET)
    admin = make_staff(org, roles=("org_admin",))
    login_verified(client, admin)
    client.post(page(complaint), {"reason": REASON})
    grant = BreakGlass.objects.get()
    assert grant.expires_at - grant.granted_at == datetime.timedelta(minutes=30)
    assert SECRET.encode() in client.get(page(complaint)).content
    grant.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    grant.save()
    expired = client.get(page(complaint))
    assert expired.status_code == 200 and SECRET.encode() not in expired.content
    assert breakglass.active_grant(admin, complaint) is None


def test_the_grant_is_for_one_case_only(client, org):
    first, _ = make_complaint(org, description=SECRET)
    second, _ = make_complaint(org, description="อีกเรื่องหนึ่งOTHERCASE")
    admin = make_staff(org, roles=("org_admin",))
    login_verified(client, admin)
    client.post(page(first), {"reason": REASON})
    assert b"OTHERCASE" not in client.get(page(second)).content


def test_other_staff_cannot_break_the_glass_and_officers_use_the_case_page(client, org):
    complaint, _ = make_complaint(org, description=SECRET)
    login_verified(client, make_staff(org, roles=("executive",)))
    assert client.post(page(complaint), {"reason": REASON}).status_code == 403
    officer = make_officer(org)
    response = login_verified(client.__class__(), officer).get(page(complaint))
    assert response.status_code == 302
    assert not BreakGlass.objects.exists()


def test_an_administrator_named_in_the_complaint_is_refused_and_the_head_told(client, org):
    admin = make_staff(org, roles=("org_admin",), first="สมบัติ", last="ขี้โกง")
    head = make_staff(org, roles=("complaints_head",))
    complaint, _ = make_complaint(org, concerned="นายสมบัติ ขี้โกง ผู้ดูแลระบบ", description=SECRET)
    login_verified(client, admin)
    response = client.post(page(complaint), {"reason": REASON})
    assert response.status_code == 403 and SECRET.encode() not in response.content
    assert not BreakGlass.objects.exists()
    assert AuditEntry.objects.filter(action="complaints.break_glass_refused").count() == 1
    assert Notification.objects.filter(recipient=head, kind="complaints.break_glass").exists()


def test_an_administrator_of_another_organisation_gets_404(client, org):
    complaint, _ = make_complaint(org)
    login_verified(client, make_staff(make_org("other-glass"), roles=("org_admin",)))
    assert client.post(page(complaint), {"reason": REASON}).status_code == 404
    assert not BreakGlass.objects.exists()
