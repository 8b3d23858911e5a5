"""ITA results per organisation and year, the saved versions of each year's framework, and
administrators' corrections of the recommendations library.

The scoring rules live in `scoring.py`; a `Result` stores the ten indicator scores as entered
plus what the rules computed from them, so lists and peer rankings need no recomputation.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import TenantModel

INDICATORS = range(1, 11)
SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class DataOverride(models.Model):
    """An administrator's corrected copy of shipped data (a year's framework, the recommendations).

    It replaces the shipped YAML file of the same name (`ita-2564`, `recommendations`) for the
    whole server; every change is audited and the reason is required.
    """

    AUDITED = True

    name = models.CharField(_("data file"), max_length=40, unique=True)
    text = models.TextField(_("content (YAML)"))
    reason = models.CharField(_("reason for the correction"), max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data correction")
        verbose_name_plural = _("data corrections")

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One saved version of a year's ITA framework: the whole YAML text, never edited in place.

    The framework in force for a year is its highest `number`; without any, the shipped file
    `ita/data/ita-<year>.yaml` (or the latest earlier year carried forward). Frameworks are national,
    not an organisation's, so the audit log records them in the global chain.
    """

    AUDITED = True

    year = models.PositiveSmallIntegerField(_("ITA year (B.E.)"))
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("content (YAML)"))
    sha256 = models.CharField(max_length=64, editable=False)  # of `text`: the parse cache's key
    reason = models.CharField(_("reason for the change"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ITA framework version")
        verbose_name_plural = _("ITA framework versions")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="ita_framework_version_once")]

    def __str__(self) -> str:
        return f"ITA {self.year} v{self.number}"


class Source(models.TextChoices):
    FORM = "form", _("entered in the form")
    PASTE = "paste", _("pasted from the NACC result")
    IMPORT = "import", _("imported from a file")


class Result(TenantModel):
    year = models.PositiveSmallIntegerField(_("ITA year (B.E.)"), db_index=True)
    indicator_1 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_2 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_3 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_4 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_5 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_6 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_7 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_8 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_9 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    indicator_10 = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    reported_total = models.DecimalField(
        _("total as reported"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    reported_rating = models.CharField(_("grade or level as reported"), max_length=40, blank=True)
    oit_items = models.JSONField(_("OIT items passed"), default=dict, blank=True)
    # Computed by scoring.check() on save; never typed in.
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, db_index=True)
    rating = models.CharField(_("grade or level"), max_length=40)
    mismatch = models.BooleanField(_("reported figures disagree"), default=False, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FORM)
    # The framework version it was scored with: a FrameworkVersion number of its year, 0 for the
    # shipped (or carried-forward) baseline, None for results scored before versions existed.
    framework_version = models.PositiveIntegerField(_("framework version"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ITA result")
        verbose_name_plural = _("ITA results")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="ita_result_per_year")]
        indexes = [models.Index(fields=["year", "total"], name="ita_year_total")]

    def __str__(self) -> str:
        return f"ITA {self.year}: {self.total}"

    @property
    def scores(self) -> dict:
        return {n: getattr(self, f"indicator_{n}") for n in INDICATORS}
