"""Forms of the integrity app; every message is in Thai (through gettext) and English."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core.date_fields import thai_date_formfield
from prongsai.core.models import Unit
from prongsai.integrity import access, levels
from prongsai.integrity.models import ActionPlan, Project, ProjectProgress, Risk, RiskFollowUp
from prongsai.plans.models import Measure
from prongsai.thai.fiscal import fiscal_year_bounds
from prongsai.thai.periods import MonthPeriod, format_period, parse_period


class YearForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2560, max_value=2700)


def _units_for(user, organisation):
    units = Unit.objects.for_org(organisation).order_by("order", "pk")
    allowed = access.units_user_edits(user)
    return units if allowed is None else units.filter(pk__in=allowed)


class RiskForm(forms.ModelForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int, choices=levels.LIKELIHOOD_CHOICES)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=levels.IMPACT_CHOICES)

    class Meta:
        model = Risk
        fields = ["number", "process", "process_detail", "event", "cause", "likelihood", "impact",
                  "existing_controls", "added_control", "owner_unit"]  # fmt: skip
        widgets = {
            "event": forms.Textarea(attrs={"rows": 2}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "added_control": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = _units_for(user, organisation)
        self.fields["owner_unit"].error_messages["invalid_choice"] = _(
            "Choose one of the units whose risks you may edit."
        )


class FollowUpForm(forms.ModelForm):
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int,
        choices=[
            (1, _("Q1 (Oct–Dec)")), (2, _("Q2 (Jan–Mar)")), (3, _("Q3 (Apr–Jun)")), (4, _("Q4 (Jul–Sep)"))
        ],
    )  # fmt: skip
    residual_likelihood = forms.TypedChoiceField(
        label=_("Residual likelihood"), coerce=int, choices=levels.LIKELIHOOD_CHOICES
    )
    residual_impact = forms.TypedChoiceField(
        label=_("Residual impact"), coerce=int, choices=levels.IMPACT_CHOICES
    )

    class Meta:
        formfield_callback = thai_date_formfield
        model = RiskFollowUp
        fields = ["quarter", "date", "residual_likelihood", "residual_impact", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, risk: Risk, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk, self.today = risk, today
        self.fields["date"].initial = today

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        if value > self.today:
            raise ValidationError(_("The date of a follow-up cannot be in the future."), code="future")
        return value

    def clean_quarter(self) -> int:
        quarter = self.cleaned_data["quarter"]
        taken = RiskFollowUp.objects.filter(risk=self.risk, quarter=quarter).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This risk already has a follow-up for that quarter; edit it instead."))
        return quarter


class ProjectForm(forms.ModelForm):
    period = forms.CharField(
        label=_("Period"), max_length=60,
        help_text=_("Months within the fiscal year, written the Thai way, e.g. ก.พ.๖๕-เม.ย.๖๕"),
    )  # fmt: skip

    class Meta:
        model = Project
        fields = ["number", "title", "budget", "indicator", "target", "owner_unit", "risks", "measures"]
        widgets = {"risks": forms.CheckboxSelectMultiple, "measures": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan: ActionPlan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        org = plan.organisation
        self.fields["owner_unit"].queryset = _units_for(user, org)
        self.fields["risks"].queryset = Risk.objects.for_org(org).filter(
            register__fiscal_year=plan.fiscal_year
        )
        self.fields["measures"].queryset = Measure.objects.for_org(org).filter(
            plan__fiscal_year=plan.fiscal_year
        )
        self.fields["budget"].min_value = 0
        if self.instance.pk:
            self.fields["period"].initial = self.instance.period_th

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget is not None and budget < 0:
            raise ValidationError(_("The budget cannot be negative."))
        return budget

    def clean_period(self) -> MonthPeriod:
        try:
            period = parse_period(self.cleaned_data["period"])
        except ValueError:
            raise ValidationError(
                _("Write the period as months with their years, e.g. ก.พ.๖๕-เม.ย.๖๕."), code="period"
            ) from None
        if not period.within_fiscal_year(self.plan.fiscal_year):
            first, last = fiscal_year_bounds(self.plan.fiscal_year)
            whole = MonthPeriod((first.year, first.month), (last.year, last.month))
            raise ValidationError(
                _("The period must lie inside fiscal year %(fy)s (%(months)s)."),
                params={"fy": self.plan.fiscal_year, "months": format_period(whole)}, code="outside",
            )  # fmt: skip
        return period

    def save(self, commit: bool = True) -> Project:
        project = super().save(commit=False)
        period = self.cleaned_data["period"]
        project.action_plan, project.organisation = self.plan, self.plan.organisation
        project.start, project.end = period.first_day, period.last_day
        if commit:
            project.save()
            self.save_m2m()
        return project


class ProgressForm(forms.ModelForm):
    half = forms.TypedChoiceField(
        label=_("Report"), coerce=int, choices=[(1, _("6 months")), (2, _("12 months"))]
    )

    class Meta:
        formfield_callback = thai_date_formfield
        model = ProjectProgress
        fields = ["half", "date", "status", "progress", "spent", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project: Project, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.today = project, today
        self.fields["date"].initial = today

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        if value > self.today:
            raise ValidationError(_("The date of a progress report cannot be in the future."), code="future")
        return value

    def clean_half(self) -> int:
        half = self.cleaned_data["half"]
        if (
            ProjectProgress.objects.filter(project=self.project, half=half)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(_("This project already has a report for that round; edit it instead."))
        return half

    def clean(self):
        data = super().clean()
        if data.get("status") == "done" and data.get("progress") not in (None, 100):
            self.add_error("progress", _("A project marked done must show 100 per cent progress."))
        return data
