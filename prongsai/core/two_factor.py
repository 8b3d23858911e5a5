"""Second-factor rules: which code counts, when a device may change, and who hears about it.

- A session is verified only by a code from a device the account already had confirmed (an
  authenticator or a single-use backup code). Enrolling marks the session verified only when the
  account had no confirmed device, the first set-up that some roles must do before any work.
- Any change once a device exists (a new authenticator, removal, new backup codes) needs a recent
  re-authentication: the password, through `authenticate()` and so its lockout, plus a code from
  an existing device.
- Every change is written to the audit log and told to the account holder in the application and
  by e-mail, so a change they did not make does not go unnoticed.
"""

from __future__ import annotations

import base64
import time

from django.contrib.auth import authenticate
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core import audit, notifications

BACKUP_CODE_COUNT = 10
REAUTH_SECONDS = 5 * 60
_REAUTH_KEY = "prongsai_reauth_at"

ENROLLED, REMOVED, BACKUP_CODES = "two_factor.enrolled", "two_factor.removed", "two_factor.backup_codes"


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def matching_device(user, token: str):
    """The confirmed device that accepts `token` (a backup code is used up), or None."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    with transaction.atomic():  # select_for_update: one code cannot be spent twice at once
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def text_key(device: TOTPDevice) -> str:
    """The secret as base32 in groups of four, for typing into an app that cannot scan."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def pending_device(user) -> TOTPDevice:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def may_change(request) -> bool:
    """An account without a device may enrol; otherwise only a verified, re-authenticated session."""
    if not has_device(request.user):
        return True
    at = request.session.get(_REAUTH_KEY, 0)
    return request.user.is_verified() and 0 <= time.time() - at <= REAUTH_SECONDS


def reauthenticate(request, password: str, token: str) -> bool:
    """Password and a code from an existing device; on success changes are allowed for a while."""
    user = request.user
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is None or checked.pk != user.pk or matching_device(user, token) is None:
        return False
    request.session[_REAUTH_KEY] = int(time.time())
    return True


@transaction.atomic
def enrol(request, device: TOTPDevice) -> list[str] | None:
    """Confirm `device` in place of any earlier authenticator; backup codes if there were none."""
    user = request.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    codes = (
        None if StaticDevice.objects.filter(user=user, confirmed=True).exists() else new_backup_codes(user)
    )
    _tell(request, ENROLLED, _("A new authenticator app was set up for your account."))
    return codes


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Ten fresh single-use codes; any earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
    for code in codes:  # one by one: each row is audited (bulk_create would skip the signals)
        StaticToken.objects.create(device=device, token=code)
    return codes


def regenerate_backup_codes(request) -> list[str]:
    codes = new_backup_codes(request.user)
    _tell(
        request, BACKUP_CODES, _("New backup codes were made for your account; the old ones no longer work.")
    )
    return codes


@transaction.atomic
def remove_all(request) -> None:
    for device in list(devices_for_user(request.user, confirmed=None)):
        device.delete()
    _tell(request, REMOVED, _("Two-factor sign-in was turned off for your account."))


def _tell(request, action: str, message: str) -> None:
    user = request.user
    audit.record(user, action)
    body = message + "\n\n" + _("If you did not do this, tell your system administrator at once.")
    url = reverse("two_factor_manage")
    if user.organisation_id:
        notifications.notify(user.organisation, [user], message, url=url, kind="security", body=body)
    elif user.email:  # a system administrator without an organisation: e-mail only
        notifications.mail_later(None, [user.email], message, body)
