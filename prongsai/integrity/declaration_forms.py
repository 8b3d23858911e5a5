"""Forms of the declarations: a conflict-of-interest declaration with its relations, and a gift."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.date_fields import thai_date_formfield
from prongsai.disclosure.models import ProcurementLine
from prongsai.integrity.declarations import RelationData
from prongsai.integrity.models import Gift, RelationKind
from prongsai.thai import taxid

RELATION_ROWS = 3


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Person or firm"), choices=RelationKind.choices, required=False)
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    tax_id = forms.CharField(
        label=_("13-digit id (citizen id or tax id)"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    relationship = forms.CharField(label=_("Relationship"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get(name) for name in ("name", "tax_id", "relationship")]
        if not any(filled):
            return {}
        if not all(filled) or not data.get("kind"):
            raise ValidationError(_("Give the kind, name, 13-digit id and relationship of each relation."))
        try:
            data["tax_id"] = taxid.validate(data["tax_id"])
        except ValueError:
            self.add_error(
                "tax_id", _("The 13-digit id is not valid: check the digits (the last is a check digit).")
            )
        return data

    def relation(self) -> RelationData | None:
        data = self.cleaned_data
        if not data:
            return None
        return RelationData(data["kind"], data["name"], data["tax_id"], data["relationship"])


RelationFormSet = forms.formset_factory(RelationForm, extra=RELATION_ROWS, max_num=20)


class AnnualForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommitteeForm(forms.Form):
    procurement_line = forms.ModelChoiceField(label=_("Procurement"), queryset=ProcurementLine.objects.none())
    committee_role = forms.CharField(label=_("Role in the committee"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisation, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        lines = ProcurementLine.objects.for_org(organisation).filter(
            summary__year=fiscal_year, summary__month__gt=0
        ).select_related("summary").order_by("summary__month", "number")
        field = self.fields["procurement_line"]
        field.queryset = lines
        field.label_from_instance = lambda line: f"{line.summary.month}/{line.number} {line.project[:80]}"
        field.error_messages["invalid_choice"] = _("Choose one of this year's procurements.")


class GiftForm(forms.ModelForm):
    class Meta:
        model = Gift
        formfield_callback = thai_date_formfield
        fields = ["date", "giver", "description", "value", "action"]

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of a gift cannot be in the future."), code="future")
        return value
