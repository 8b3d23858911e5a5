"""The integrity measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใส) of a fiscal year and its follow-up.

A plan holds numbered measures; a measure holds ordered steps, each owned by one unit; the unit
posts dated updates with evidence, and a supervisor accepts or returns each one (`workflow.py`).
A step's status and progress change only when an update is accepted, so the public page never
shows what a supervisor has not accepted.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.models import TenantModel, Unit
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.periods import MonthPeriod, format_period

PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year}"
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def plan_title(fiscal_year: int) -> str:
    return PLAN_TITLE.format(year=to_thai_digits(str(fiscal_year)))


class Plan(TenantModel):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=300)
    source_result = models.ForeignKey(
        "ita.Result",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted from ITA result"),
    )
    published = models.BooleanField(_("shown on the public site"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measures plan")
        verbose_name_plural = _("measures plans")
        ordering = ["-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="plan_per_year")]

    def __str__(self) -> str:
        return self.title


class Measure(TenantModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("library code"), max_length=60, blank=True)
    title = models.CharField(_("measure or approach"), max_length=500)
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("responsible units"))
    start = models.DateField(_("first month"))  # the first day of the month
    end = models.DateField(_("last month"))  # the last day of the month
    follow_up = models.TextField(_("follow-up"), blank=True)
    addresses = models.JSONField(_("weak points addressed"), default=list, blank=True)
    budget = models.DecimalField(_("budget (baht)"), max_digits=12, decimal_places=2, null=True, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["number", "pk"]
        indexes = [models.Index(fields=["plan", "number"], name="measure_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def period(self) -> MonthPeriod:
        return MonthPeriod((self.start.year, self.start.month), (self.end.year, self.end.month))

    @property
    def period_th(self) -> str:
        return format_period(self.period)

    def clean(self) -> None:
        if self.start and self.end and self.plan_id:
            if not self.period.within_fiscal_year(self.plan.fiscal_year):
                raise ValidationError(
                    {
                        "start": _("The period must lie inside fiscal year %(year)s (October to September).")
                        % {"year": self.plan.fiscal_year}
                    }
                )


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")


class Step(TenantModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("method step"))
    # Required by the forms; a drafted step whose unit the library named loosely may lack one (warned).
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=PERCENT)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def due(self) -> date:
        return self.measure.end


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for review")
    RETURNED = "returned", _("returned for changes")
    ACCEPTED = "accepted", _("accepted")


class StepUpdate(TenantModel):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    problems = models.TextField(_("problems and obstacles"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)
    status = models.CharField(_("step status"), max_length=12, choices=StepStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.SUBMITTED, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step update")
        verbose_name_plural = _("step updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class Evidence(TenantModel):
    """A file or a link attached to an update; only evidence marked public reaches the public page."""

    update = models.ForeignKey(StepUpdate, on_delete=models.CASCADE, related_name="evidence")
    # A path in the default storage, not a FileField: the core audit snapshot cannot serialise
    # FieldFile values (reported to the lead), and the path is what the audit log should record.
    file = models.CharField(_("stored file"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=200)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def open(self):
        return default_storage.open(self.file, "rb")

    @property
    def link(self) -> str:
        """The evidence link when it is a web address, for a plain link on the page (never a redirect)."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else ""


def store_evidence_file(accepted) -> str:
    """Save an accepted upload (core.files.accept) under a dated path; returns the storage path."""
    return user_files.save(f"plans/evidence/{date.today():%Y/%m}", accepted)
