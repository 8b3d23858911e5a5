"""Organisations (tenants), their structure (units, positions, people) and accounts.

Every row a tenant owns inherits `TenantModel`, which carries the organisation and the one
scoping mechanism (`Model.objects.for_org(org)`) that views, exports and commands use.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from prongsai.core.roles import ROLES, roles_need_two_factor
from prongsai.thai.names import prefix_choices


class OrganisationKind(models.TextChoices):
    CITY_MUNICIPALITY = "city", _("City municipality (เทศบาลนคร)")
    TOWN_MUNICIPALITY = "town", _("Town municipality (เทศบาลเมือง)")
    SUBDISTRICT_MUNICIPALITY = "subdistrict", _("Subdistrict municipality (เทศบาลตำบล)")
    SAO = "sao", _("Subdistrict administrative organisation (อบต.)")
    PAO = "pao", _("Provincial administrative organisation (อบจ.)")
    OTHER = "other", _("Other")


slug_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters, digits and hyphens."))

# Paths that come before the organisation pages in urls.py, so no organisation may use them.
RESERVED_SLUGS = frozenset({"admin", "accounts", "staff", "i18n", "static", "media", "healthz", "api"})


def not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved; choose another address name."), params={"value": value}
        )


class Organisation(models.Model):
    slug = models.SlugField(
        _("address name"), max_length=60, unique=True, validators=[slug_validator, not_reserved]
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    province = models.CharField(_("province"), max_length=100, db_index=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    official_code = models.CharField(_("official code"), max_length=20, blank=True, db_index=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    official_digits = models.CharField(
        _("digits on official pages"),
        max_length=10,
        choices=[("thai", _("Thai digits (๑๒๓)")), ("arabic", _("Arabic digits (123)"))],
        default="thai",
        help_text=_("One style for the public pages and printouts; Thai digits are the official default."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_th"]
        # The directory pages through every organisation in Thai order (db.thai_order); without
        # this index each page sorted all ~7,850 names with ICU (about 110 ms, bench/country_scale.py).
        indexes = [models.Index(Collate("name_th", "th-TH-x-icu"), name="organisation_thai_name")]

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("public:home", kwargs={"org_slug": self.slug})


class TenantQuerySet(models.QuerySet):
    def for_org(self, organisation: Organisation | None) -> TenantQuerySet:
        """Rows of one organisation; no organisation means no rows, never all rows."""
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)


class TenantModel(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation"), related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Unit(TenantModel):
    """An office (สำนัก/กอง) or a sub-unit (ฝ่าย/งาน) of an organisation."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "name_th"]

    def __str__(self) -> str:
        return self.name_th


class Position(TenantModel):
    """A post in the structure; who holds it is a `Person`. Roles grant permissions."""

    title_th = models.CharField(_("title (Thai)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("unit"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("reports to"),
    )
    is_executive = models.BooleanField(_("executive"), default=False)
    executive_order = models.PositiveSmallIntegerField(_("order among executives"), default=0)
    roles = models.JSONField(_("roles"), default=list, blank=True, help_text="codes: " + ", ".join(ROLES))

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["executive_order", "title_th"]

    def __str__(self) -> str:
        return self.title_th

    @property
    def requires_two_factor(self) -> bool:
        return roles_need_two_factor(self.roles)


class User(AbstractUser):
    """A login. Staff belong to exactly one organisation; only superusers may have none."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Person(TenantModel):
    prefix = models.CharField(_("title prefix"), max_length=50, choices=prefix_choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="holders",
        verbose_name=_("position"),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person", verbose_name=_("login")
    )
    is_active = models.BooleanField(_("in post"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Thai official style joins the prefix to the first name: นางณภัทร ฤกษ์วิจิตร
        return f"{self.prefix}{self.first_name} {self.last_name}"


class AuditEntry(models.Model):
    """One change to tenant data, or one read of a confidential record.

    Entries are hash-chained per organisation (each stores the previous entry's hash), so an
    edited or deleted entry breaks the chain; `snapshot` holds the row as the application left
    it, so a row edited behind the application's back no longer matches. See `audit.py`.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="audit_entries"
    )
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict)
    snapshot = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["organisation_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["organisation", "seq"], name="audit_seq_per_org")]
        indexes = [
            models.Index(fields=["organisation", "object_type", "object_id"], name="audit_object"),
            models.Index(fields=["organisation", "created_at"], name="audit_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class Holiday(models.Model):
    """A public holiday (วันหยุดราชการ); seeded from the official list, editable by administrators."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Job(models.Model):
    """What a page shows about a background task: its progress, its result and a failure message.

    Keyed by the task's id (`task_id`, set once the task is enqueued). The task backend stays the
    one record of the task's state: `status` asks it (`jobs.state`); see `jobs.py`.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    task_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    payload = models.JSONField(default=dict)  # what the page names (a file name, a document), no secrets
    upload = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @cached_property
    def status(self) -> str:
        from prongsai.core import jobs

        return jobs.state(self)

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def percent(self) -> int:
        return (
            100 if self.status == self.Status.DONE else int(100 * self.done / self.total) if self.total else 0
        )


class Notification(TenantModel):
    """An in-app notice to one person (a step due, an update to review); also e-mailed.

    Not audited: notices are derived from audited changes, and marking them read is not a change
    of the organisation's records.
    """

    AUDITED = False

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    # Prevents sending the same reminder twice, e.g. "plans.due:step-12:2565-03-25".
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ScheduledRun(models.Model):
    """One firing of an entry of the schedule (`core/schedule.py`).

    Unique per entry and period, so an entry fires once a day (or week) even if two schedulers
    run; the task (its id here) holds the command's output.
    """

    entry = models.CharField(max_length=80)
    period = models.CharField(max_length=20)
    due_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "period"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.entry} {self.period}"


class Lease(models.Model):
    """A named lock one process holds until `expires_at` and keeps renewing (the scheduler's).

    A table row rather than a PostgreSQL advisory lock or a Redis key, so it works the same on
    SQLite, PostgreSQL and with or without Redis; a holder that dies loses it at expiry.
    """

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=120)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} → {self.holder}"


class ActingAppointment(TenantModel):
    """An official acting for a post (รักษาราชการแทน) between two dates, by an order.

    While it is in force the acting official decides and signs for the post in every approval
    path (`acting.py`), whether the post is vacant or its holder is away.
    """

    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="acting_appointments",
        verbose_name=_("post acted for"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="acting_appointments",
        verbose_name=_("acting official"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    order_reference = models.CharField(_("order reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("acting appointment")
        verbose_name_plural = _("acting appointments")
        ordering = ["-start"]
        indexes = [models.Index(fields=["position", "start", "end"], name="acting_in_force")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="acting_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.position})"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date must not be before the start date.")})
        if self.person_id and self.position_id and self.person.position_id == self.position_id:
            raise ValidationError({"person": _("This person already holds the post.")})
