"""One lockout for every way to sign in: it lives in `authenticate()` itself, so no form can forget it.

`LockoutBackend` is first in AUTHENTICATION_BACKENDS and refuses a locked account before any
backend checks a password; Django's `user_login_failed` signal counts every failure (a wrong
password, an unknown name, a refusal while locked), and a completed sign-in clears the count.
The main login form, the re-authentication before a second-factor change and anything else
that calls `authenticate()` share it; the admin's login page sends people to the main form.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied

from prongsai.core import throttle


def _username(credentials: dict) -> str:
    return str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or "")


class LockoutBackend:
    """Only refuses; it never signs anyone in, so it has no get_user and no session names it."""

    def authenticate(self, request, **credentials):
        username = _username(credentials)
        if username and throttle.is_locked(username):
            raise PermissionDenied  # authenticate() stops here and reports a failed login
        return None


def _count_failure(sender, credentials, request=None, **kwargs):
    username = _username(credentials)
    if username:
        throttle.record_failure(username)


def _clear_on_sign_in(sender, request, user, **kwargs):
    throttle.clear(user.get_username())


def connect_signals() -> None:
    user_login_failed.connect(_count_failure, dispatch_uid="lockout_count_failure")
    user_logged_in.connect(_clear_on_sign_in, dispatch_uid="lockout_clear")


class PasswordBackend(ModelBackend):
    """Django's password check, without its model permissions.

    Permissions are roles on positions (django-rules); Django's per-user and per-group permission
    tables are never granted, so asking them cost two queries on every page whose menu asks
    `has_perm` for a permission the person lacks. Superusers pass `has_perm` before any backend.
    """

    def get_user(self, user_id):
        """The signed-in user with everything every staff page asks of them, in one statement
        (core/session_user.py): organisation, person, post and unit, today's acting flag that
        `acting.positions_held` reads, and the menu's counts."""
        from prongsai.core.session_user import load

        user = load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()
