"""Document types with their approval chains, documents (versioned), approval steps, history, register.

A document is edited only while a draft or returned for revision; once approved it is frozen and
can only be superseded by a new version (a new row pointing at it), as the correspondence rules
require of signed papers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import Person, Position, TenantModel, User


class DocumentSettings(TenantModel):
    """Per organisation: the register prefix (`กจ ๕๓๐๐๑/`), the department line and the emblem."""

    register_prefix = models.CharField(_("register number prefix"), max_length=40, blank=True)
    department = models.CharField(_("department (ส่วนราชการ)"), max_length=300, blank=True)
    # Storage names, not FileFields: the audit snapshot (core/audit.py) cannot serialise a FieldFile.
    emblem = models.CharField(_("Garuda emblem artwork"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="documents_one_settings")]

    def __str__(self) -> str:
        return self.register_prefix or str(self.organisation_id)


class DocumentType(TenantModel):
    code = models.SlugField(_("code"), max_length=60)
    name_th = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name_th"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="documents_type_code")]

    def __str__(self) -> str:
        return self.name_th


class ChainStep(TenantModel):
    """One position in a document type's approval chain, in order (1 = first approver)."""

    document_type = models.ForeignKey(DocumentType, on_delete=models.CASCADE, related_name="chain")
    order = models.PositiveSmallIntegerField(_("order"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["document_type", "order"], name="documents_chain_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.position}"


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    RETURNED = "returned", _("returned for revision")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("superseded")


class Document(TenantModel):
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("sender"))
    subject = models.CharField(_("subject (เรื่อง)"), max_length=500)
    to = models.CharField(_("to (เรียน)"), max_length=300)
    background = models.TextField(_("background (เรื่องเดิม)"), blank=True)
    facts = models.TextField(_("facts (ข้อเท็จจริง)"), blank=True)
    proposal = models.TextField(_("considerations and proposal (ข้อพิจารณา / ข้อเสนอ)"), blank=True)
    closing = models.CharField(_("closing line"), max_length=300, blank=True)
    doc_date = models.DateField(_("date"), null=True, blank=True)
    register_year = models.PositiveSmallIntegerField(null=True, blank=True)
    register_number = models.PositiveIntegerField(null=True, blank=True)
    reference = models.CharField(_("reference number (ที่)"), max_length=100, blank=True)
    # External letters (kinds.py): อ้างถึง and สิ่งที่ส่งมาด้วย, one per line.
    refers_to = models.CharField(_("reference to earlier letters (อ้างถึง)"), max_length=500, blank=True)
    enclosures = models.TextField(_("enclosures (สิ่งที่ส่งมาด้วย)"), blank=True)
    pdf = models.CharField(max_length=300, blank=True)  # storage names (see DocumentSettings.emblem)
    docx = models.CharField(max_length=300, blank=True)
    page_count = models.PositiveSmallIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the approvers sign: the whole content as data, frozen at submission (snapshot.py).
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    # The sealed final PDF's SHA-256 (seal.py): what the public verify page compares.
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        # The register's numbers are unique per book and calendar year (`SentEntry`), so an
        # order and a letter may both be number ๑ of the year.

    def __str__(self) -> str:
        return f"{self.subject} (v{self.version})"

    @property
    def editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class StepState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("approved")


class ApprovalStep(TenantModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    # Set when the position's holder left or is away: the person acting for them (รักษาราชการแทน).
    delegate = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.WAITING)
    suggestion = models.TextField(_("suggestion (ข้อเสนอแนะ)"), blank=True)
    signed_name = models.CharField(_("signature name"), max_length=200, blank=True)
    signed_position = models.CharField(max_length=300, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)  # the snapshot this approver signed
    acted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="documents_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.position}"


class DocumentEvent(TenantModel):
    """The document's history: every submission, decision, revision and render (append-only)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


# --- register books (registers.py) -----------------------------------------------------------


class Book(models.TextChoices):
    """The numbered series of what an office issues, each restarting at ๑ every calendar year."""

    SENT = "sent", _("letters and memos sent (ทะเบียนหนังสือส่ง)")
    ORDERS = "orders", _("orders (คำสั่ง)")
    ANNOUNCEMENTS = "announcements", _("announcements (ประกาศ)")


class SentEntry(TenantModel):
    """One line of the send register: a number given to a document the office issues."""

    book = models.CharField(_("series"), max_length=16, choices=Book.choices, default=Book.SENT)
    year = models.PositiveSmallIntegerField(_("calendar year (B.E.)"))
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference number (ที่)"), max_length=100)
    date = models.DateField(_("date"))
    sender = models.CharField(_("From (จาก)"), max_length=300, blank=True)
    to = models.CharField(_("To (ถึง)"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    note = models.CharField(_("note"), max_length=300, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="register_entries"
    )
    # Numbers something that is not a Document row (a progress-report memo): the same key gets the
    # same number however often the memo is printed again.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("send register entry")
        verbose_name_plural = _("send register")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "book", "year", "number"], name="documents_sent_number"
            ),
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=~models.Q(key=""), name="documents_sent_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class ReceivedEntry(TenantModel):
    """One line of the receive register (ทะเบียนหนังสือรับ): a document that came in."""

    year = models.PositiveSmallIntegerField(_("calendar year (B.E.)"))
    number = models.PositiveIntegerField(_("number received"))
    received_on = models.DateField(_("date received"))
    sender = models.CharField(_("From (จาก)"), max_length=300)
    their_reference = models.CharField(_("their reference number (ที่)"), max_length=100, blank=True)
    their_date = models.DateField(_("dated"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    to = models.CharField(_("To (ถึง)"), max_length=300)
    action = models.CharField(_("action taken"), max_length=300, blank=True)
    file = models.CharField(max_length=300, blank=True)  # a storage name (see DocumentSettings.emblem)
    filename = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("receive register entry")
        verbose_name_plural = _("receive register")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="documents_received_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} {self.subject}"
