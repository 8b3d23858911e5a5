"""Government property (ทรัพย์สินของทางราชการ): the register, the usage rules and loans.

An item carries the organisation's own code as typed (Thai or Arabic digits); `code_key` is the
same code with Arabic digits and no spaces, so searching and the uniqueness check accept either.
A loan covers one or more items of one custodian unit for a range of whole days; its state
changes only through `workflow.transition`, and every change is a `LoanEvent` row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prongsai.core.history_labels import action_label
from prongsai.core.models import Person, TenantModel, Unit
from prongsai.thai.digits import to_arabic_digits


def code_key(code: str) -> str:
    return "".join(to_arabic_digits(code).split()).lower()


class Category(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    EQUIPMENT = "equipment", _("Equipment")
    ROOM = "room", _("Room")
    TOOL = "tool", _("Tool")
    IT = "it", _("Computer and IT")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    ON_LOAN = "on_loan", _("On loan")
    UNDER_REPAIR = "under_repair", _("Under repair")
    LOST = "lost", _("Lost")
    WRITTEN_OFF = "written_off", _("Written off")


# Only these may be reserved; the others are out of service (ชำรุด/สูญหาย/จำหน่าย).
BORROWABLE = (ItemStatus.AVAILABLE, ItemStatus.ON_LOAN)


class Asset(TenantModel):
    code = models.CharField(_("property code"), max_length=60)
    code_key = models.CharField(max_length=60, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("custodian unit")
    )
    custodian = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("custodian"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    acquired_on = models.DateField(_("acquisition date"), null=True, blank=True)
    value = models.DecimalField(
        _("acquisition value (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.AVAILABLE, db_index=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("property item")
        verbose_name_plural = _("property items")
        ordering = ["code_key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code_key"], name="property_item_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.code = self.code.strip()
        self.code_key = code_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("property:item_detail", kwargs={"asset_id": self.pk})

    @property
    def is_borrowable(self) -> bool:
        return self.status in BORROWABLE

    @property
    def is_vehicle(self) -> bool:
        return self.category == Category.VEHICLE


def _photo_path(instance: AssetPhoto, filename: str) -> str:
    return f"property/{instance.organisation_id}/{instance.item_id}/{filename}"


class AssetPhoto(TenantModel):
    item = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path)
    content_type = models.CharField(max_length=50)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


def _rules_path(instance: UsageRules, filename: str) -> str:
    return f"property/{instance.organisation_id}/rules/{filename}"


class UsageRules(TenantModel):
    """One version of the rules for using government property (คู่มือการใช้ทรัพย์สินของทางราชการ)."""

    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    pdf = models.FileField(_("PDF"), upload_to=_rules_path, blank=True)
    is_current = models.BooleanField(_("current version"), default=False)
    published = models.BooleanField(_("published on the public site"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("usage rules")
        verbose_name_plural = _("usage rules")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="property_rules_version_once"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_current=True),
                name="property_rules_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class LoanState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ENDORSED = "endorsed", _("Endorsed by the unit head")
    APPROVED = "approved", _("Approved")
    ON_LOAN = "on_loan", _("Handed over")
    RETURNED = "returned", _("Returned")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


# A loan in one of these holds its items for its days: no other loan may overlap it.
HOLDING = (LoanState.REQUESTED, LoanState.ENDORSED, LoanState.APPROVED, LoanState.ON_LOAN)


class Loan(TenantModel):
    borrower = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("borrower")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("custodian unit")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    state = models.CharField(
        max_length=20, choices=LoanState.choices, default=LoanState.REQUESTED, db_index=True
    )
    rules = models.ForeignKey(
        UsageRules, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("rules acknowledged"),
    )  # fmt: skip
    rules_acknowledged_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    condition_out = models.TextField(_("condition at hand-over"), blank=True)
    borrower_accepted_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    mileage_out = models.PositiveIntegerField(_("mileage out (km)"), null=True, blank=True)
    condition_in = models.TextField(_("condition at return"), blank=True)
    damage = models.TextField(_("damage"), blank=True)
    mileage_in = models.PositiveIntegerField(_("mileage in (km)"), null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    custodian_accepted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "state", "ends_on"], name="property_loan_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("property:loan_detail", kwargs={"loan_id": self.pk})

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def is_overdue(self, today) -> bool:
        return self.state == LoanState.ON_LOAN and self.ends_on < today


class LoanItem(TenantModel):
    """An item of a loan, with the loan's days copied so overlaps are found with one query."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="loan_lines")
    starts_on = models.DateField()
    ends_on = models.DateField()
    holding = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["item", "holding", "starts_on"], name="property_line_busy")]

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.item}"


class LoanEvent(TenantModel):
    """One step of a loan (request, approval, hand-over…): who, when, from and to which state."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {action_label(self.action, 'property')}"


class Stocktake(TenantModel):
    """A yearly stocktake (ตรวจสอบพัสดุประจำปี): every item of the register, each to be confirmed seen."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-fiscal_year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("property:stocktake_detail", kwargs={"stocktake_id": self.pk})


class StocktakeLine(TenantModel):
    """One item on a stocktake checklist, with the status the register held when the stocktake began."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    expected_status = models.CharField(max_length=20, choices=ItemStatus.choices)
    seen = models.BooleanField(_("seen"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "item"], name="property_stocktake_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.stocktake_id}: {self.item_id}"
