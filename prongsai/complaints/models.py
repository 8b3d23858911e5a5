"""Complaints and everything attached to them. Confidential text is stored encrypted (crypto.py).

Fields ending in `_enc` hold ciphertext; read them through the properties, which decrypt with
the row's id as associated data (a ciphertext copied onto another case does not open).
No table stores an IP address, a user agent or any other metadata of the complainant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.complaints import crypto
from prongsai.complaints.workflow import PUBLIC_LABELS, State
from prongsai.core.models import TenantModel, Unit


class Category(models.TextChoices):
    BRIBERY = "bribery", _("Bribery")
    PROCUREMENT = "procurement", _("Procurement")
    PROPERTY = "property", _("Misuse of government property")
    AUTHORITY = "authority", _("Abuse of authority")
    MISCONDUCT = "misconduct", _("Misconduct")
    OTHER = "other", _("Other")


ENCRYPTED_AUDIT_FIELDS = ("receipt_hash", "receipt_lookup")


class Complaint(TenantModel):
    TEXT_FIELDS = ("identity_enc", "concerned_enc", "when_where_enc", "description_enc")

    year = models.PositiveIntegerField(_("year (B.E.)"))
    seq = models.PositiveIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit_concerned = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit concerned"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    identity_enc = models.TextField(blank=True)
    concerned_enc = models.TextField(blank=True)
    when_where_enc = models.TextField(blank=True)
    description_enc = models.TextField()
    receipt_lookup = models.CharField(max_length=32, db_index=True)
    receipt_hash = models.CharField(max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    state_since = models.DateField(_("in this state since"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    received_on = models.DateField(_("received"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    updated_for_complainant = models.BooleanField(default=False)

    AUDIT_REDACTED_FIELDS = TEXT_FIELDS + ENCRYPTED_AUDIT_FIELDS

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "seq"], name="complaint_number_per_year")
        ]
        indexes = [models.Index(fields=["organisation", "state", "due_on"], name="complaint_queue")]

    def __str__(self) -> str:
        return self.number  # never the content: this text goes into the audit log

    @property
    def number(self) -> str:
        return f"{self.seq}/{self.year}"

    @property
    def public_state(self) -> str:
        return PUBLIC_LABELS[self.state]

    def _aad(self, field: str) -> bytes:
        return f"complaint:{self.organisation_id}:{self.year}:{self.seq}:{field}".encode()

    def set_text(self, field: str, value: str) -> None:
        setattr(self, field, crypto.encrypt_text(value, self._aad(field)))

    def text(self, field: str) -> str:
        return crypto.decrypt_text(getattr(self, field), self._aad(field))

    @property
    def description(self) -> str:
        return self.text("description_enc")

    @property
    def concerned(self) -> str:
        return self.text("concerned_enc")

    @property
    def when_where(self) -> str:
        return self.text("when_where_enc")

    @property
    def identity(self) -> str:
        return self.text("identity_enc")


class Transition(TenantModel):
    """One move of a case, with its reason; appended, never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    reason_enc = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_REDACTED_FIELDS = ("reason_enc",)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state}→{self.to_state}"

    @property
    def reason(self) -> str:
        return crypto.decrypt_text(self.reason_enc, b"transition")


class EncryptedText(TenantModel):
    """A text about a case, encrypted at rest; `CONTEXT` binds the ciphertext to its kind of row."""

    CONTEXT = b""
    AUDIT_REDACTED_FIELDS = ("body_enc",)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body_enc = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.CONTEXT.decode()} {self.pk}"

    @property
    def body(self) -> str:
        return crypto.decrypt_text(self.body_enc, self.CONTEXT)


class Message(EncryptedText):
    """A message between the complainant and the officers; the complainant sees all of these."""

    CONTEXT = b"message"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    from_complainant = models.BooleanField(default=False)

    class Meta(EncryptedText.Meta):
        pass


class Note(EncryptedText):
    """An internal note of the officers; never shown to the complainant."""

    CONTEXT = b"note"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")

    class Meta(EncryptedText.Meta):
        pass


class Attachment(TenantModel):
    """An evidence file, encrypted, kept in the database with its case (one transaction, no orphans)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    from_complainant = models.BooleanField(default=True)
    name_enc = models.TextField()
    content_type = models.CharField(max_length=120)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    data_enc = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_REDACTED_FIELDS = ("name_enc", "data_enc")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"file {self.pk}"

    @property
    def name(self) -> str:
        return crypto.decrypt_text(self.name_enc, b"attachment")

    def content(self) -> bytes:
        return crypto.decrypt_blob(self.data_enc, b"attachment")


class CentreSettings(TenantModel):
    """The complaint centre of one organisation: its deadlines and its appointment order.

    `deadlines` overrides, per state, the working days of `workflow.DEFAULT_DEADLINES`
    ({"screening": 10}); the appointment order is an approved memo of the documents app.
    """

    deadlines = models.JSONField(_("working days allowed per state"), default=dict, blank=True)
    appointment_order = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment order of the centre's officers"),
    )

    class Meta:
        verbose_name = _("complaint centre settings")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="complaints_centre_once")]

    def __str__(self) -> str:
        return "complaint centre"


class BreakGlass(TenantModel):
    """An administrator's time-limited access to one case, granted for a stated reason.

    Appended, never edited: each grant is audited (with its reason) and told to the head of
    the centre; `expires_at` ends it (see breakglass.py).
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["complaint", "user", "expires_at"], name="complaint_break_glass")]

    def __str__(self) -> str:
        return f"break-glass {self.complaint_id}"


class ClosedCase(TenantModel):
    """What is left of a case after its retention period: anonymous figures for the statistics.

    No number, no text, no person: the month it was received, its category, how it ended and
    how long it took, so the public statistics stay the same after the case is deleted.
    """

    received_month = models.DateField()  # the first day of the month of receipt
    category = models.CharField(max_length=20, choices=Category.choices)
    outcome = models.CharField(max_length=20, choices=State.choices)  # the state before closing
    days_to_close = models.PositiveIntegerField()
    working_days_to_close = models.PositiveIntegerField()
    deleted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "received_month"], name="complaint_closed_month")]

    def __str__(self) -> str:
        return f"closed case {self.pk}"
