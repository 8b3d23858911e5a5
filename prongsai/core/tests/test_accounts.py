import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.tests.factories import PASSWORD, make_org, make_staff

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_signs_in_and_lands_on_the_dashboard(client):
    user = make_staff(make_org())
    response = login(client, user.username)
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_passwords_are_hashed_with_argon2(settings):
    from prongsai import settings as project  # the real setting, not the tests' fast hasher

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = make_staff(make_org())
    assert user.password.startswith("argon2")


def test_a_wrong_password_gets_a_clear_message_in_thai(client):
    user = make_staff(make_org())
    response = login(client, user.username, "wrong-password")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_it_locks_an_account_after_five_failures_even_for_the_right_password(client, settings):
    user = make_staff(make_org())
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, user.username, "wrong-password")
    response = login(client, user.username)
    assert response.status_code == 200
    assert "15" in response.content.decode() and "_auth_user_id" not in client.session


def test_an_unknown_user_is_throttled_too(client, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT + 1):
        response = login(client, "nobody", "guess")
    assert "ลองใหม่" in response.content.decode()


def test_a_user_with_a_device_must_enter_a_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes the next try wait after a failure
    user = make_staff(make_org())
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    login(client, user.username)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_verify"))
    bad = client.post(response.url, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert bad.status_code == 200
    good = client.post(response.url, {"token": code_for(device)})
    assert good.status_code == 302 and good.url == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_roles_that_need_two_factor_must_enrol_first(client):
    user = make_staff(make_org(), roles=("complaints_officer",))
    login(client, user.username)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url == reverse("two_factor_setup")
    page = client.get(reverse("two_factor_setup"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_password_reset_sends_a_link_that_works(client):
    user = make_staff(make_org())
    user.email = "analyst@example.org"
    user.save()
    client.post(reverse("password_reset"), {"email": "analyst@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_page = client.get(path, follow=True)
    new = "a-much-better-passphrase-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_admin_is_for_superusers_only(client, settings):
    settings.TWO_FACTOR_FOR_SUPERUSERS = False
    user = make_staff(make_org())
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/core/organisation/").status_code == 302  # to the admin's own login
    superuser = make_staff(make_org(), is_superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/core/organisation/").status_code == 200


def test_superusers_need_two_factor_in_production(client, settings):
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    client.force_login(make_staff(make_org(), is_superuser=True))
    assert client.get("/admin/").url == reverse("two_factor_setup")
