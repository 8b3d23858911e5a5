"""ITA results per organisation and year, and administrators' corrections of a year's framework.

The scoring rules live in `scoring.py`; a `Result` stores the ten indicator scores as entered
plus what the rules computed from them, so lists and peer rankings need no recomputation.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
