"""A staff member's LINE account, linked so the daily digest also goes there (line.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import TenantModel


class LineAccount(TenantModel):
    """Linked when the person sends the bot the code of their page (`line.link_from_webhook`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="line_account",
        verbose_name=_("login"),
    )
    line_user_id = models.CharField(_("LINE user id"), max_length=64)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("LINE account")
        verbose_name_plural = _("LINE accounts")

    def __str__(self) -> str:
        return f"LINE {self.user_id}"
