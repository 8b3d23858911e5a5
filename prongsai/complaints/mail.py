"""E-mail to a named complainant: only that their case changed, never what changed.

The address is the contact the complainant typed, kept encrypted with their name
(`identity_enc`); it is decrypted here only to send, after the change is committed, and is
neither stored elsewhere nor logged: the background task that sends it holds only the case's id
and reads the address when it runs (never the task store, never a request waiting on a mail
server). A contact that is not an e-mail address (a phone number) gets no message. The text
names the case number and the follow-up page; the complainant reads
the update there with their receipt code.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from prongsai.core.notifications import mail_task_later

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
    if not complainant_address(complaint):
        return False
    mail_task_later(mail_complainant, {"complaint": complaint.pk})
    return True


@task
def mail_complainant(payload: dict) -> dict:
    """Send the update e-mail; the address is read here, and kept out of the task's error too."""
    from prongsai.complaints.models import Complaint

    complaint = Complaint.objects.select_related("organisation").filter(pk=payload["complaint"]).first()
    address = complainant_address(complaint) if complaint else ""
    if not address:  # deleted by retention, or the contact changed since
        return {"sent": 0}
    subject, body = _message(complaint)
    try:
        sent = send_mail(subject, body, None, [address])
    except Exception as exc:  # SMTP errors name the recipient: report the kind of failure only
        logger.warning("complaints: an update e-mail to a complainant could not be sent")
        raise RuntimeError(f"the update e-mail was not sent ({type(exc).__name__})") from None
    return {"sent": sent}
