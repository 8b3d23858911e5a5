"""What an organisation publishes for the OIT: the year's item catalogue and its publications,
executives with their contact channel, and procurement summaries.

A `Publication` is never edited into something else: a revision is a new row that `supersedes`
the old one, so the history stays (CKAN's activity stream, Signalen's append-only statuses).
A publication is visible from `publish_at` on, which is how scheduling works.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import Person, TenantModel, TenantQuerySet, Unit


class StoredFile(models.FileField):
    """A FileField whose audit snapshot is the stored name: core's audit cannot serialise FieldFile."""

    def value_from_object(self, obj):
        value = super().value_from_object(obj)
        return value.name or "" if value is not None else ""


class Item(TenantModel):
    """One OIT item (ข้อ o1…) of one fiscal year, copied from that year's ITA framework."""

    year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), db_index=True)
    code = models.CharField(_("item code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_th = models.CharField(_("title"), max_length=300)
    heading_th = models.CharField(_("heading"), max_length=300, blank=True)
    indicator = models.PositiveSmallIntegerField(_("indicator"), null=True, blank=True)
    sub_indicator = models.CharField(_("sub-indicator"), max_length=10, blank=True)
    requirement_th = models.TextField(_("requirement"), blank=True)
    unverified = models.BooleanField(_("requirement not verified"), default=False)
    # Set when the year's framework changed and this item matched none of the new list by code or
    # title (`catalogue.resync_year`): kept with its publications until someone reviews it.
    needs_review = models.BooleanField(_("needs review"), default=False)

    class Meta:
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "code"], name="oit_item_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"


class Kind(models.TextChoices):
    DOCUMENT = "document", _("document")
    LINK = "link", _("link")
    TEXT = "text", _("text")


class PublicationQuerySet(TenantQuerySet):
    def published(self, now=None) -> PublicationQuerySet:
        return self.filter(publish_at__lte=now or timezone.now())


class Publication(TenantModel):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = StoredFile(_("file"), upload_to="disclosure/%Y/%m/", blank=True)
    file_type = models.CharField(max_length=10, blank=True)  # the kind its content showed: pdf, docx…
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    period_start = models.DateField(_("covers from"), null=True, blank=True)
    period_end = models.DateField(_("covers until"), null=True, blank=True)
    publish_at = models.DateTimeField(_("publish on"), default=timezone.now, db_index=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("replaces"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Filled by `prongsai oit check-links`.
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_broken = models.BooleanField(default=False)
    link_error = models.CharField(max_length=300, blank=True)
    # Text read from the file where that is cheap (XLSX, DOCX, PDF through pdftotext), for search.
    file_text = models.TextField(blank=True, editable=False)
    # Thai words segmented once, on save, and joined by spaces: what search matches (see search.py).
    search_text = models.TextField(blank=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-publish_at"], name="publication_org_recent")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from prongsai.disclosure.search import index_text

        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "text", "file_text", "filename"} & set(update_fields):
            self.search_text = index_text(self.title, self.text, self.filename, self.file_text)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def is_published(self, now=None) -> bool:
        return self.publish_at <= (now or timezone.now())


class Executive(TenantModel):
    """What the public sees of an executive (measure 3): photo, term and direct contact."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    photo = StoredFile(_("photo"), upload_to="disclosure/executives/", blank=True)
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term until"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("executive")
        verbose_name_plural = _("executives")

    def __str__(self) -> str:
        return self.person.full_name


class ContactMessage(TenantModel):
    """A message from the public to one executive. Never published; no address or browser kept."""

    executive = models.ForeignKey(Executive, on_delete=models.CASCADE, related_name="messages")
    sender_name = models.CharField(_("your name"), max_length=200)
    sender_contact = models.CharField(_("phone or e-mail for the answer"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message to an executive")
        verbose_name_plural = _("messages to executives")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def response_time(self):
        return self.answered_at - self.created_at if self.answered_at else None


class ProcurementSummary(TenantModel):
    """The annual procurement plan (month 0) or one month's summary (แบบ สขร.๑) of a fiscal year."""

    year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), db_index=True)
    month = models.PositiveSmallIntegerField(_("month"), default=0)  # 0 = the annual plan
    title = models.CharField(_("title"), max_length=300)
    source_name = models.CharField(_("imported from"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procurement summary")
        verbose_name_plural = _("procurement summaries")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "month"], name="procurement_month_once")
        ]

    def __str__(self) -> str:
        return self.title


class ProcurementLine(TenantModel):
    summary = models.ForeignKey(ProcurementSummary, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(_("no."))
    project = models.CharField(_("work procured"), max_length=500)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    method = models.CharField(_("method"), max_length=200)
    bidders = models.TextField(_("bidders and prices"), blank=True)
    winner = models.CharField(_("selected supplier"), max_length=300, blank=True)
    price = models.DecimalField(_("agreed price"), max_digits=14, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason for selection"), max_length=500, blank=True)
    contract_no = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)

    class Meta:
        verbose_name = _("procurement line")
        verbose_name_plural = _("procurement lines")
        ordering = ["summary", "number"]

    def __str__(self) -> str:
        return self.project
