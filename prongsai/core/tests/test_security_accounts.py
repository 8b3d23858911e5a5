"""Findings of the security review on accounts: second factor, sign-in lockout, reset, caching.

Each test fails on the code the review found (see the finding number in its docstring).
"""

import base64

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.complaints.tests.factories import make_complaint, make_officer
from prongsai.core import audit, throttle, two_factor
from prongsai.core.models import AuditEntry, Notification
from prongsai.core.tests.factories import PASSWORD, make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import discover

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_otp_backoff(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes the next try wait after a failure
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def login(client, username, password=PASSWORD, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_and_verified(client, user, device):
    login(client, user.username)
    client.post(reverse("two_factor_verify"), {"token": code_for(device)})
    assert client.session.get("otp_device_id") == device.persistent_id


def fresh_code(device: TOTPDevice) -> str:
    """A code as from a later moment: django-otp refuses a code twice in the same 30 seconds."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return code_for(device)


def reauthenticate(client, device, password=PASSWORD):
    return client.post(reverse("two_factor_confirm"), {"password": password, "token": fresh_code(device)})


# Finding 1: two-factor bypass by enrolling a new device with only a password.


def test_a_password_only_session_cannot_enrol_its_way_past_an_existing_device(client, settings):
    settings.COMPLAINTS_KEYS = "test:" + base64.b64encode(b"k" * 32).decode()
    org = make_org()
    officer = make_officer(org)
    enrolled(officer)
    complaint, _receipt = make_complaint(org)
    login(client, officer.username)

    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 302 and page.url.startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1  # no new device, no secret shown

    # Even holding a pending device's secret, confirming it does not verify the session.
    pending = TOTPDevice.objects.create(user=officer, name="attacker", confirmed=False)
    answer = client.post(reverse("two_factor_setup"), {"token": code_for(pending)})
    assert answer.status_code == 302 and answer.url.startswith(reverse("two_factor_verify"))
    pending.refresh_from_db()
    assert not pending.confirmed and "otp_device_id" not in client.session
    for page in (reverse("complaints:index"), reverse("complaints:complaint", args=[complaint.pk])):
        answer = client.get(page)
        assert answer.status_code == 302 and answer.url.startswith(reverse("two_factor_verify"))


def test_a_pending_device_cannot_verify_a_session(client):
    user = make_staff(make_org())
    enrolled(user)
    pending = TOTPDevice.objects.create(user=user, name="attacker", confirmed=False)
    login(client, user.username)
    answer = client.post(reverse("two_factor_verify"), {"token": code_for(pending)})
    assert answer.status_code == 200 and "otp_device_id" not in client.session


def test_the_superuser_cannot_reach_the_admin_with_only_a_password(client, settings):
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    superuser = make_staff(make_org(), is_superuser=True)
    enrolled(superuser)
    answer = login(client, superuser.username, url="/admin/login/")
    assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session  # the admin has no form of its own any more
    login(client, superuser.username)
    client.get(reverse("two_factor_setup"))
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 302 and admin_page.url.startswith(reverse("two_factor_verify"))


def test_first_enrolment_shows_the_text_key_and_ten_backup_codes_once(client):
    user = make_staff(make_org(), roles=("complaints_officer",))
    login(client, user.username)
    page = client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b"<svg" in page.content
    assert two_factor.text_key(device).encode() in page.content
    done = client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert done.status_code == 200 and len(codes) == 10
    assert all(code.encode() in done.content for code in codes)
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert not any(code.encode() in client.get(reverse("two_factor_manage")).content for code in codes)


def test_a_backup_code_verifies_once(client):
    user = make_staff(make_org())
    enrolled(user)
    code = two_factor.new_backup_codes(user)[0]
    login(client, user.username)
    first = client.post(reverse("two_factor_verify"), {"token": code})
    assert first.status_code == 302 and client.get(reverse("core:dashboard")).status_code == 200
    client.post(reverse("logout"))
    login(client, user.username)
    again = client.post(reverse("two_factor_verify"), {"token": code})
    assert again.status_code == 200 and "otp_device_id" not in client.session


def test_changing_a_second_factor_needs_the_password_and_a_current_code(client):
    user = make_staff(make_org())
    device = enrolled(user)
    signed_in_and_verified(client, user, device)
    confirm = reverse("two_factor_confirm")
    assert client.get(reverse("two_factor_setup")).url.startswith(confirm)
    assert client.post(reverse("two_factor_backup_codes")).url.startswith(confirm)
    assert client.post(reverse("two_factor_remove")).url.startswith(confirm)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    assert reauthenticate(client, device, password="wrong-password").status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    no_code = client.post(confirm, {"password": PASSWORD, "token": wrong_code(device)})
    assert no_code.status_code == 200
    assert client.get(reverse("two_factor_setup")).url.startswith(confirm)

    assert reauthenticate(client, device).status_code == 302
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_re_authentication_failures_count_towards_the_lockout(client, settings):
    user = make_staff(make_org())
    device = enrolled(user)
    signed_in_and_verified(client, user, device)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        reauthenticate(client, device, password="wrong-password")
    assert reauthenticate(client, device).status_code == 200  # locked, even with the right password
    assert client.get(reverse("two_factor_setup")).url.startswith(reverse("two_factor_confirm"))


def test_moving_to_a_new_authenticator_is_audited_notified_and_retires_the_old_one(
    client, django_capture_on_commit_callbacks
):
    user = make_staff(make_org())
    user.email = "analyst@example.org"
    user.save()
    old = enrolled(user)
    signed_in_and_verified(client, user, old)
    reauthenticate(client, old)
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("two_factor_setup"), {"token": code_for(new)})
    assert answer.status_code in (200, 302)
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert AuditEntry.objects.filter(action=two_factor.ENROLLED, object_id=str(user.pk)).exists()
    assert Notification.objects.filter(recipient=user, kind="security").exists()
    assert any(m.to == ["analyst@example.org"] for m in mail.outbox)
    assert client.get(reverse("core:dashboard")).status_code == 200  # verified by the new device


def test_new_backup_codes_and_removal_are_audited_and_notified(client):
    user = make_staff(make_org())
    device = enrolled(user)
    old_code = two_factor.new_backup_codes(user)[0]
    signed_in_and_verified(client, user, device)
    reauthenticate(client, device)
    page = client.post(reverse("two_factor_backup_codes"))
    assert page.status_code == 200 and not StaticToken.objects.filter(token=old_code).exists()
    assert AuditEntry.objects.filter(action=two_factor.BACKUP_CODES).exists()
    client.post(reverse("two_factor_remove"))
    assert not two_factor.has_device(user)
    assert AuditEntry.objects.filter(action=two_factor.REMOVED, object_id=str(user.pk)).exists()
    assert Notification.objects.filter(recipient=user, kind="security").count() == 2
    assert audit.verify() == []  # every device and code row was written through the audited path


# Finding 6: /admin/login/ had no lockout.


def test_the_lockout_is_in_authenticate_so_every_sign_in_shares_it(client, settings, rf):
    user = make_staff(make_org())
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert authenticate(rf.post("/"), username=user.username, password="wrong-password") is None
    assert authenticate(rf.post("/"), username=user.username, password=PASSWORD) is None
    response = login(client, user.username)  # failures elsewhere lock the main form too
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_after_the_same_count_as_the_main_form(client, settings):
    settings.TWO_FACTOR_FOR_SUPERUSERS = False
    superuser = make_staff(make_org(), is_superuser=True)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, superuser.username, "wrong-password", url="/admin/login/")
        login(client, superuser.username, "wrong-password")
    login(client, superuser.username, url="/admin/login/")
    login(client, superuser.username)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_password_reset_never_signs_in(client, django_capture_on_commit_callbacks):
    user = make_staff(make_org())
    user.email = "analyst@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes out from a job
        client.post(reverse("password_reset"), {"email": "analyst@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/reset/") :].strip(), follow=True)
    new = "a-much-better-passphrase-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert "_auth_user_id" not in client.session


# Finding 14: lows.


def test_password_reset_is_throttled_per_address_alike_for_unknown_addresses(
    client, settings, django_capture_on_commit_callbacks
):
    user = make_staff(make_org())
    user.email = "analyst@example.org"
    user.save()
    for address in ("analyst@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes out from a job
            answers = [
                client.post(reverse("password_reset"), {"email": address}, REMOTE_ADDR=f"10.0.0.{n}")
                for n in range(settings.PASSWORD_RESET_LIMIT + 1)
            ]
        assert [a.status_code for a in answers[:-1]] == [302] * settings.PASSWORD_RESET_LIMIT
        assert answers[-1].status_code == 429
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_password_reset_is_throttled_per_client(client, settings):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"person{n}@example.org"}).status_code
        for n in range(settings.PASSWORD_RESET_CLIENT_LIMIT + 1)
    ]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {302}
    other = client.post(reverse("password_reset"), {"email": "someone@example.org"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_throttles_live_in_a_store_every_process_shares():
    from django.core.cache.backends.db import DatabaseCache

    assert isinstance(caches["throttle"], DatabaseCache)  # without REDIS_URL: the database
    throttle.record_failure("someone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM prongsai_throttle")
        assert cursor.fetchone()[0] == 1


def _no_argument_urls(prefix: str):
    for name, kwargs in discover():
        if kwargs:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url.startswith(prefix):
            yield url


def test_staff_pages_are_never_stored_by_caches(client):
    user = make_staff(make_org(), roles=("org_admin", "complaints_officer", "clerk"))
    device = enrolled(user)
    signed_in_and_verified(client, user, device)
    urls = [*sorted(set(_no_argument_urls("/staff/"))), "/admin/login/", reverse("two_factor_manage")]
    assert len(urls) > 10
    for url in urls:
        assert client.get(url).headers.get("Cache-Control") == "no-store, private", url
    client.post(reverse("logout"))
    assert client.get(reverse("login")).headers.get("Cache-Control") == "no-store, private"


def test_public_pages_for_visitors_keep_their_caching(client):
    org = make_org()
    for url in (reverse("home"), f"/{org.slug}/"):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")


def test_a_system_administrator_without_an_organisation_hears_of_an_enrolment_by_e_mail(
    client, settings, django_capture_on_commit_callbacks
):
    from prongsai.core.models import User

    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    login(client, "root")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    assert AuditEntry.objects.filter(organisation=None, action=two_factor.ENROLLED).exists()
    assert [m.to for m in mail.outbox] == [["root@example.org"]]
