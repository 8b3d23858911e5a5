"""Background work of the workplace: one person's daily digest (digest.py)."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django_tasks import task

from prongsai.core.models import User


@task
def send_digest(user_id: int, day: str) -> dict:
    from prongsai.workplace import digest

    user = User.objects.filter(pk=user_id, is_active=True).select_related("person__position").first()
    if user is None:
        return {"user": user_id, "items": 0, "mail": 0, "line": 0}
    with translation.override("th"):  # Thai first: the interface's language for everyone
        return digest.send(user, date.fromisoformat(day))
