"""Password-reset e-mail sent by a background task, like every other e-mail from a page.

Django's reset form sends inside the request, so a slow mail server holds the page (and its
timing tells whether the address exists). Here the form only queues a task holding the user's id;
the task makes the one-time link when it runs, so neither the address nor a valid reset token is
ever written to the task store.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, override
from django_tasks import task

from prongsai.core import jobs
from prongsai.core.models import User


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):  # fmt: skip
        payload = {
            "user": context["user"].pk,
            "domain": context["domain"],
            "site_name": context["site_name"],
            "protocol": context["protocol"],
            "templates": [subject_template_name, email_template_name, html_email_template_name],
            "language": get_language(),
        }
        # No change to wait for (a reset writes nothing): queued at once, not after a commit.
        jobs.enqueue(send_password_reset, payload)


@task
def send_password_reset(payload: dict) -> dict:
    user = User.objects.filter(pk=payload["user"], is_active=True).first()
    if user is None or not user.email:
        return {"sent": 0}
    subject_template, email_template, html_template = payload["templates"]
    context = {
        "email": user.email,
        "domain": payload["domain"],
        "site_name": payload["site_name"],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": payload["protocol"],
    }
    with override(payload["language"]):
        PasswordResetForm().send_mail(
            subject_template, email_template, context, None, user.email,
            html_email_template_name=html_template,
        )  # fmt: skip
    return {"sent": 1}
