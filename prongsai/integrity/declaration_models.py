"""Declarations (confidential): conflicts of interest, gifts and the ethics code acknowledgement.

Every person in post declares once a fiscal year (annual), and each member of a procurement
committee declares again for that procurement (one line of แบบ สขร.๑). A declaration names the
persons and firms the declarer is related to, each with a 13-digit id checked by its check digit
(`thai/taxid.py`), so that `redflags.py` can find a committee member related to the winner.
These rows are never published; pages that show them record each read (`core/audit.py`), and
only counts leave the organisation's staff pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import Person, TenantModel
from prongsai.thai import taxid


def validate_tax_id(value: str) -> None:
    try:
        taxid.validate(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def name_key(name: str) -> str:
    """A firm or person's name as compared with a winner's: no spaces (the SQL side does the same)."""
    return "".join(name.split())


class DeclarationKind(models.TextChoices):
    ANNUAL = "annual", _("annual declaration")
    PROCUREMENT = "procurement", _("procurement committee declaration")


class Declaration(TenantModel):
    """One conflict-of-interest declaration; `has_relations` False is the plain "I have none"."""

    AUDIT_REDACTED_FIELDS = ("note", "committee_role", "has_relations")  # the log keeps hashes only

    kind = models.CharField(_("kind"), max_length=12, choices=DeclarationKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("declarer"))
    procurement_line = models.ForeignKey(
        "disclosure.ProcurementLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("procurement"),
    )  # fmt: skip
    committee_role = models.CharField(_("role in the committee"), max_length=200, blank=True)
    has_relations = models.BooleanField(_("I have relations to declare"), default=False)
    note = models.TextField(_("note"), blank=True)
    declared_on = models.DateField(_("declared on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["-fiscal_year", "-declared_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "fiscal_year"], condition=models.Q(kind="annual"),
                name="one_annual_declaration",
            ),
            models.UniqueConstraint(
                fields=["person", "procurement_line"], condition=models.Q(kind="procurement"),
                name="one_committee_declaration",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["organisation", "fiscal_year", "kind"], name="declaration_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.fiscal_year} #{self.pk}"


class RelationKind(models.TextChoices):
    PERSON = "person", _("natural person")
    FIRM = "firm", _("firm")


class DeclaredRelation(TenantModel):
    AUDIT_REDACTED_FIELDS = ("kind", "name", "tax_id", "relationship", "name_key")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("person or firm"), max_length=6, choices=RelationKind.choices)
    name = models.CharField(_("name"), max_length=300)
    tax_id = models.CharField(_("13-digit id"), max_length=13, validators=[validate_tax_id])
    relationship = models.CharField(_("relationship"), max_length=200)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["tax_id"], name="declared_relation_tax_id")]

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the name: the audit log's text column is read by more people

    def save(self, *args, **kwargs):
        self.tax_id = taxid.normalise(self.tax_id)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class GiftAction(models.TextChoices):
    OFFERED = "offered", _("offered (not yet decided)")
    RECEIVED = "received", _("received the gift")
    REFUSED = "refused", _("refused the gift")


class Gift(TenantModel):
    """A gift or other benefit offered to, received or refused by a person (No Gift Policy)."""

    AUDIT_REDACTED_FIELDS = ("giver", "description", "value")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    date = models.DateField(_("date"))
    giver = models.CharField(_("given by"), max_length=300)
    description = models.CharField(_("what was given"), max_length=500)
    value = models.DecimalField(
        _("estimated value (baht)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    action = models.CharField(_("what was done"), max_length=10, choices=GiftAction.choices)
    report = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("report to the head"),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "fiscal_year"], name="gift_year")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.date} #{self.pk}"


class EthicsAcknowledgement(TenantModel):
    """A person's acknowledgement of the code of ethics (ประมวลจริยธรรม) for a fiscal year."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("ethics code acknowledgement")
        verbose_name_plural = _("ethics code acknowledgements")
        ordering = ["-fiscal_year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person", "fiscal_year"], name="one_ethics_ack")
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} #{self.person_id}"


class RedFlagSummary(TenantModel):
    """The year's procurement indicators of one organisation, as `redflags.store` last computed
    them: derived and recomputed at will, so kept out of the audit log (AUDITED)."""

    AUDITED = False

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    lines = models.PositiveIntegerField(default=0)
    competitive = models.PositiveIntegerField(default=0)
    single_bidder = models.PositiveIntegerField(default=0)
    top_supplier_share = models.FloatField(null=True)
    split_purchases = models.PositiveIntegerField(default=0)
    price_equals_budget = models.PositiveIntegerField(default=0)
    declared_relations = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="one_redflag_summary")
        ]
        indexes = [models.Index(fields=["fiscal_year"], name="redflag_summary_year")]

    def __str__(self) -> str:
        return f"{self.fiscal_year}"
