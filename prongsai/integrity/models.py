"""Corruption risk assessment (การประเมินความเสี่ยงการทุจริต) and the anti-corruption action plan
(แผนปฏิบัติการป้องกันการทุจริต) of an organisation's fiscal year.

A register holds the year's risks; each risk gets quarterly follow-ups with its residual
likelihood and impact. The action plan holds projects that answer risks and measures, with
6- and 12-month progress entries. Levels are computed from `levels.py`, never stored, so a change
of the matrix cannot leave stale levels behind.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import TenantModel, Unit
from prongsai.integrity import levels
from prongsai.thai.periods import MonthPeriod, format_period

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Process(models.TextChoices):
    """The work processes a risk sits in, after the NACC's grouping for local governments."""

    PERMITS = "permits", _("permits and licences")
    PROCUREMENT = "procurement", _("procurement")
    ASSETS = "assets", _("use of government assets")
    BUDGET = "budget", _("use of the budget")
    PERSONNEL = "personnel", _("personnel management")
    POWER = "power", _("use of authority")
    OTHER = "other", _("other")


class RegisterState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class RiskRegister(TenantModel):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    state = models.CharField(
        _("state"), max_length=10, choices=RegisterState.choices, default=RegisterState.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk register")
        verbose_name_plural = _("risk registers")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="risk_register_per_year")
        ]

    def __str__(self) -> str:
        return f"การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"


class Risk(TenantModel):
    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveSmallIntegerField(_("number"))
    process = models.CharField(_("process"), max_length=20, choices=Process.choices)
    process_detail = models.CharField(_("process (details)"), max_length=200, blank=True)
    event = models.TextField(_("risk event"))
    cause = models.TextField(_("cause"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=ONE_TO_FIVE)
    existing_controls = models.TextField(_("existing controls"), blank=True)
    added_control = models.TextField(_("added control"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["number", "pk"]
        indexes = [models.Index(fields=["register", "number"], name="risk_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.event[:80]}"

    @property
    def score(self) -> int:
        return levels.score(self.likelihood, self.impact)

    @property
    def level(self) -> levels.Level:
        return levels.level(self.likelihood, self.impact)


class RiskFollowUp(TenantModel):
    """One quarter's check of a risk: the residual likelihood and impact after the controls."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="follow_ups")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    date = models.DateField(_("date"))
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood (1-5)"), validators=ONE_TO_FIVE
    )
    residual_impact = models.PositiveSmallIntegerField(_("residual impact (1-5)"), validators=ONE_TO_FIVE)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("risk follow-up")
        verbose_name_plural = _("risk follow-ups")
        ordering = ["quarter", "pk"]
        constraints = [models.UniqueConstraint(fields=["risk", "quarter"], name="one_follow_up_per_quarter")]

    def __str__(self) -> str:
        return f"Q{self.quarter}: {self.residual_likelihood}×{self.residual_impact}"

    @property
    def level(self) -> levels.Level:
        return levels.level(self.residual_likelihood, self.residual_impact)


class ActionPlan(TenantModel):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anti-corruption action plan")
        verbose_name_plural = _("anti-corruption action plans")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="action_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"


class Project(TenantModel):
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="projects")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("project or activity"), max_length=300)
    budget = models.DecimalField(_("budget (baht)"), max_digits=12, decimal_places=2, default=0)
    indicator = models.CharField(_("indicator"), max_length=300)
    target = models.CharField(_("target"), max_length=300)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )
    start = models.DateField(_("first month"))  # the first day of the month
    end = models.DateField(_("last month"))  # the last day of the month
    risks = models.ManyToManyField(
        Risk, blank=True, related_name="projects", verbose_name=_("risks answered")
    )
    measures = models.ManyToManyField(
        "plans.Measure", blank=True, related_name="+", verbose_name=_("measures answered")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def period(self) -> MonthPeriod:
        return MonthPeriod((self.start.year, self.start.month), (self.end.year, self.end.month))

    @property
    def period_th(self) -> str:
        return format_period(self.period)


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")


class ProjectProgress(TenantModel):
    """The 6-month (half 1) or 12-month (half 2) progress of a project, as in the plans' follow-up."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_entries")
    half = models.PositiveSmallIntegerField(_("report"), choices=[(1, _("6 months")), (2, _("12 months"))])
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)
    spent = models.DecimalField(_("spent (baht)"), max_digits=12, decimal_places=2, default=0)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["half", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "half"], name="one_progress_per_half")]

    def __str__(self) -> str:
        return f"{self.half}: {self.progress}%"


# The declarations and the red flags' stored indicators live in their own module (same app).
from prongsai.integrity.declaration_models import (  # noqa: E402, F401
    Declaration,
    DeclarationKind,
    DeclaredRelation,
    EthicsAcknowledgement,
    Gift,
    GiftAction,
    RedFlagSummary,
    RelationKind,
)
