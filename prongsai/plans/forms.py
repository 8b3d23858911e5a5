"""Forms of the plans app; every message is in Thai (through gettext) and English."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.date_fields import ThaiDateField
from prongsai.core.models import Unit
from prongsai.core.uploads import EVIDENCE
from prongsai.ita.years import fiscal_year_field
from prongsai.plans.models import Measure, Plan, Step, StepStatus
from prongsai.thai.periods import MonthPeriod, fiscal_year_period, format_period, parse_plan_period

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class DraftForm(forms.Form):
    fiscal_year = fiscal_year_field()
    focus = forms.ChoiceField(
        label=_("Measures to propose"),
        choices=[
            ("all", _("for every weak point (recommended: the coverage check passes)")),
            ("lowest", _("only for the lowest indicator of each tool, as in the 2565 memo")),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )


class MeasureForm(forms.ModelForm):
    period = forms.CharField(
        label=_("Period"),
        max_length=60,
        help_text=_(
            "Within the plan's fiscal year: ตลอดปีงบประมาณ, ไตรมาส ๑ to ไตรมาส ๔, "
            "or months written the Thai way, e.g. ก.พ.๖๕-เม.ย.๖๕"
        ),
    )
    addresses = forms.MultipleChoiceField(
        label=_("Weak points addressed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Measure
        fields = ["number", "title", "units", "follow_up", "budget", "indicator", "target"]
        widgets = {"units": forms.CheckboxSelectMultiple, "follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan: Plan, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["units"].queryset = Unit.objects.for_org(plan.organisation)
        self.fields["addresses"].choices = targets
        # A new measure runs through the plan's own fiscal year until the analyst narrows it.
        self.fields["period"].initial = format_period(fiscal_year_period(plan.fiscal_year))
        if self.instance.pk:
            self.fields["period"].initial = self.instance.period_th
            self.fields["addresses"].initial = list(self.instance.addresses or [])

    def clean_period(self) -> MonthPeriod:
        text = self.cleaned_data["period"]
        try:
            period = parse_plan_period(text, self.plan.fiscal_year)
        except ValueError:
            raise ValidationError(
                _(
                    "Write the period as ตลอดปีงบประมาณ, a quarter (ไตรมาส ๑) "
                    "or months with their years, e.g. ก.พ.๖๕-เม.ย.๖๕."
                ),
                code="period",
            ) from None
        if not period.within_fiscal_year(self.plan.fiscal_year):
            whole = fiscal_year_period(self.plan.fiscal_year)
            raise ValidationError(
                _("The period must lie inside fiscal year %(fy)s (%(months)s)."),
                params={"fy": self.plan.fiscal_year, "months": format_period(whole)},
                code="outside",
            )
        return period

    def save(self, commit: bool = True) -> Measure:
        measure = super().save(commit=False)
        period = self.cleaned_data["period"]
        measure.plan = self.plan
        measure.organisation = self.plan.organisation
        measure.start, measure.end = period.first_day, period.last_day
        measure.addresses = list(self.cleaned_data["addresses"])
        if commit:
            measure.save()
            self.save_m2m()
        return measure


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["text", "unit"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_org(organisation)
        self.fields["unit"].required = True
        self.fields["unit"].error_messages["required"] = _("Choose the unit responsible for this step.")


class UpdateForm(forms.Form):
    date = ThaiDateField(label=_("Date"))
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(
        label=_("Problems and obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label=_("Step status"), choices=StepStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or an image; at most 10 MB."),
    )
    file_public = forms.BooleanField(label=_("Show this file on the public page"), required=False)
    link = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https")
    link_public = forms.BooleanField(label=_("Show this link on the public page"), required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].initial = today

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        if value > self.today:
            raise ValidationError(_("The date of an update cannot be in the future."), code="future")
        return value

    def clean_file(self) -> user_files.Accepted | None:
        upload = self.cleaned_data.get("file")
        return user_files.accept(upload, allowed=EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES) if upload else None

    def clean(self):
        data = super().clean()
        if data.get("status") == StepStatus.DONE and data.get("progress") not in (None, 100):
            self.add_error("progress", _("A step marked done must show 100 per cent progress."))
        return data


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return with a comment"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
