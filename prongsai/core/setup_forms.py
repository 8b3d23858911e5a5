"""Forms of an organisation's own set-up (setup_views.py): structure, people, acting, the wizard."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core.date_fields import thai_date_formfield
from prongsai.core.models import ActingAppointment, Organisation, Person, Position, Unit
from prongsai.core.roles import ROLE_CHOICES
from prongsai.thai.names import PREFIXES


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name_th", "name_en", "parent", "order"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        units = Unit.objects.for_org(organisation)
        if self.instance.pk:
            from prongsai.core.chain import unit_and_descendants

            units = units.exclude(pk__in=unit_and_descendants(self.instance))  # a unit is not its own part
        self.fields["parent"].queryset = units


class PositionForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Position
        fields = [
            "title_th", "title_en", "level", "unit", "reports_to", "roles", "is_executive", "executive_order",
        ]  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["unit"].queryset = Unit.objects.for_org(organisation)
        positions = Position.objects.for_org(organisation)
        self.fields["reports_to"].queryset = positions.exclude(pk=self.instance.pk)

    def clean_reports_to(self):
        """Refuse a chain of command that would loop back to this position."""
        superior = self.cleaned_data.get("reports_to")
        if superior is None or self.instance.pk is None:
            return superior
        by_id = {p.pk: p.reports_to_id for p in Position.objects.for_org(self.instance.organisation)}
        seen, current = set(), superior.pk
        while current is not None and current not in seen:
            if current == self.instance.pk:
                raise forms.ValidationError(_("This would make the chain of command loop: choose another."))
            seen.add(current)
            current = by_id.get(current)
        return superior


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address for the invitation"), max_length=254)


class ActingForm(forms.ModelForm):
    class Meta:
        model = ActingAppointment
        fields = ["position", "person", "start", "end", "reason", "order_reference"]
        formfield_callback = thai_date_formfield

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["position"].queryset = Position.objects.for_org(organisation)
        self.fields["person"].queryset = Person.objects.for_org(organisation).filter(is_active=True)

    def clean(self):
        data = super().clean()
        position, start, end = data.get("position"), data.get("start"), data.get("end")
        if position and start and end and end >= start:
            overlapping = (
                ActingAppointment.objects.filter(position=position, start__lte=end, end__gte=start)
                .exclude(pk=self.instance.pk)
                .select_related("person")
                .first()
            )
            if overlapping is not None:
                raise forms.ValidationError(
                    _("%(person)s already acts for this post from %(start)s to %(end)s: change the dates.")
                    % {"person": overlapping.person, "start": overlapping.start, "end": overlapping.end}
                )
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"))


# --- the first-run wizard ------------------------------------------------------------------


class NewOrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name_th", "name_en", "kind", "slug", "official_code", "province", "district"]


class AddressForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Organisation
        fields = ["address", "phone", "email", "website", "official_digits"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "official_digits": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official_digits"].required = False  # a form sent without it keeps the choice

    def clean_official_digits(self) -> str:
        return self.cleaned_data.get("official_digits") or self.instance.official_digits or "thai"


class ExecutiveForm(forms.Form):
    """One executive post and, if it is filled, its holder."""

    title_th = forms.CharField(label=_("Position"), max_length=200, required=False)
    prefix = forms.ChoiceField(
        label=_("title prefix"), choices=[("", "—"), *((p, p) for p in PREFIXES)], required=False
    )
    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        named = any(data.get(f) for f in ("prefix", "first_name", "last_name"))
        if named and not data.get("title_th"):
            raise forms.ValidationError(_("Name the position this person holds."))
        if named and not (data.get("prefix") and data.get("first_name") and data.get("last_name")):
            raise forms.ValidationError(
                _("Give the prefix, first name and last name, or leave all three empty.")
            )
        return data


ExecutiveFormSet = forms.formset_factory(ExecutiveForm, extra=0, max_num=6, absolute_max=6)
