"""Forms of the internal staff survey (IIT); choices are limited to the request's organisation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core.date_fields import thai_date_formfield
from prongsai.core.models import Unit
from prongsai.ita.results import known_years
from prongsai.participation.forms import OrgModelForm
from prongsai.participation.models import StaffSurvey, StaffSurveyPolicy


class StaffSurveyForm(OrgModelForm):
    class Meta:
        formfield_callback = thai_date_formfield
        model = StaffSurvey
        fields = ["title", "ita_year", "opens_on", "closes_on"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["ita_year"] = forms.TypedChoiceField(
            label=_("IIT questions of ITA year"),
            coerce=int,
            choices=[(y, str(y)) for y in reversed(known_years())],
            initial=self.instance.ita_year if self.instance.pk else StaffSurvey().ita_year,
        )


class PolicyForm(OrgModelForm):
    class Meta:
        model = StaffSurveyPolicy
        fields = ["min_respondents"]


class AnswerForm(forms.Form):
    """What the survey asks besides the questions: the invitation code, a unit, suggestions."""

    t = forms.CharField(label=_("Invitation code"), max_length=40)
    unit = forms.ModelChoiceField(
        label=_("Your unit (optional)"), queryset=Unit.objects.none(), required=False,
        empty_label=_("Rather not say"),
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Suggestions (optional; only the analyst reads them)"),
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False,
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_org(organisation).order_by("order", "name_th")
