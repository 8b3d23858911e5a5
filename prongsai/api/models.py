"""API tokens: one organisation's key for another system (e-Saraban, finance, its website).

Only a SHA-256 hash of the secret is stored (the secret is random, 256 bits, so a slow hash
adds nothing); the secret is shown once when the token is made. A token carries scopes such as
`disclosure:write`, may expire, and is revoked rather than deleted, so the audit log keeps
pointing at it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import TenantModel

SCOPES = {
    "disclosure:write": _("Publish documents and links under OIT items"),
    "procurement:write": _("Import procurement summaries (สขร.๑)"),
    "ita:write": _("Import the organisation's ITA results"),
    "plans:read": _("Read the status of measures plans, published or not"),
}
SCOPE_CHOICES = list(SCOPES.items())


class ApiToken(TenantModel):
    AUDIT_REDACTED_FIELDS = ("secret_hash",)

    name = models.CharField(_("name"), max_length=200)
    prefix = models.CharField(max_length=16, unique=True)  # the public part, for lookup and display
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def scope_labels(self) -> list[str]:
        """What the token may do, in words: its codes ("plans:read") are for the API, not for people."""
        return [str(SCOPES.get(code, code)) for code in self.scopes]

    @property
    def audit_name(self) -> str:
        """How the audit log names what this token wrote."""
        return f"api-token:{self.prefix} {self.name}"[:200]
