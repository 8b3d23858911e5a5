"""E-mail to a named complainant: only that their case changed, never what changed.

The address is the contact the complainant typed, kept encrypted with their name
(`identity_enc`); it is decrypted here only to send, after the change is committed, and is
neither stored elsewhere nor logged. A contact that is not an e-mail address (a phone number)
gets no message. The text names the case number and the follow-up page; the complainant reads
the update there with their receipt code.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

logger = logging.getLogger(__name__)


def complainant_address(complaint) -> str:
    """The complainant's e-mail address, or "" (anonymous, a phone number, or unreadable)."""
    if not complaint.identity_enc:
        return ""
    contact = (json.loads(complaint.identity).get("contact") or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def _message(complaint) -> tuple[str, str]:
    follow = reverse("complaints_public:follow", kwargs={"org_slug": complaint.organisation.slug})
    with override(settings.LANGUAGE_CODE):
        subject = _("Your complaint %(n)s has an update") % {"n": complaint.number}
        body = "\n\n".join(
            [
                _("There is news about your complaint %(n)s to %(org)s.")
                % {"n": complaint.number, "org": complaint.organisation.name_th},
                _("To read it, open the follow-up page and enter your receipt code:"),
                settings.SITE_URL.rstrip("/") + follow,
                _("This e-mail does not repeat anything of your complaint, on purpose."),
            ]
        )
    return subject, body


def tell_complainant(complaint) -> bool:
    """Queue the update e-mail for after the commit; True when there is an address to write to."""
    address = complainant_address(complaint)
    if not address:
        return False
    subject, body = _message(complaint)

    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # the change is saved; a mail server down must not undo it or leak the address
            logger.warning("complaints: an update e-mail to a complainant could not be sent")

    transaction.on_commit(send)
    return True
