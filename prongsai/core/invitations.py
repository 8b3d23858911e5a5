"""Logins by invitation: an administrator names a person's e-mail, the person sets their password.

The administrator never sees or chooses a password. `invite` makes the login (no usable
password) and queues a task after the commit; the task makes the one-time link when it runs, so
neither a token nor a link is ever written to the task store (as `reset_mail.py`). The link dies
once used (the token hashes the password) or after PASSWORD_RESET_TIMEOUT. After setting a
password a role that needs two-factor sign-in goes straight to its set-up (middleware.py).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_tasks import task

from prongsai.core import audit, jobs
from prongsai.core.mail import one_line
from prongsai.core.models import Person, User


class InvitationTokens(PasswordResetTokenGenerator):
    key_salt = "prongsai.core.invitations"


tokens = InvitationTokens()


def username_for(email: str) -> str:
    """A free username from the address's local part: somchai, somchai2, …"""
    base = re.sub(r"[^a-z0-9_.-]", "", email.split("@")[0].lower())[:120] or "staff"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def invite(person: Person, email: str, *, by: User) -> User:
    """Give `person` a login (or renew the invitation of one not yet used) and mail the link."""
    email = email.strip().lower()
    others = User.objects.filter(email__iexact=email).exclude(pk=person.user_id)
    if others.exists():
        raise ValidationError(_("Another login already uses this e-mail address."))
    user = person.user
    if user is not None and user.has_usable_password():
        raise ValidationError(_("%(name)s already has a login.") % {"name": person.full_name})
    with audit.acting_as(by):
        if user is None:
            user = User(username=username_for(email), organisation_id=person.organisation_id)
            user.set_unusable_password()
        user.email, user.is_active = email, True
        user.save()
        if person.user_id != user.pk or person.email != email:
            person.user, person.email = user, email
            person.save()
        audit.record(person, "core.invitation_sent", changes={"email": ["", email]})
    payload = {"user": user.pk, "language": get_language() or settings.LANGUAGE_CODE}
    transaction.on_commit(lambda: jobs.enqueue(send_invitation, payload))
    return user


def link(user: User) -> str:
    path = reverse(
        "invitation_accept",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)},
    )
    return settings.SITE_URL.rstrip("/") + path


def user_from(uidb64: str, token: str) -> User | None:
    """The invited login the link names, while the link is valid; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).select_related("organisation").first()
    if user is None or user.has_usable_password() or not tokens.check_token(user, token):
        return None
    return user


@task
def send_invitation(payload: dict) -> dict:
    user = User.objects.filter(pk=payload["user"], is_active=True).select_related("organisation").first()
    if user is None or not user.email or user.has_usable_password():
        return {"sent": 0}
    with override(payload.get("language") or settings.LANGUAGE_CODE):
        organisation = user.organisation.name_th if user.organisation else "Prongsai"
        subject = one_line(_("Your login to Prongsai for %(org)s") % {"org": organisation})
        body = _(
            "You have been given a login to Prongsai for %(org)s.\n\n"
            "Your username: %(username)s\n\n"
            "Open this link to choose your password (it works once, for a few days):\n%(link)s\n"
        ) % {"org": organisation, "username": user.username, "link": link(user)}
    return {"sent": send_mail(subject, body, None, [user.email])}
