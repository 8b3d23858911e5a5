"""Forms of the property pages; uploads are checked and cleaned by their content (core.files)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.date_fields import ThaiDateField, thai_date_formfield
from prongsai.core.models import Person, Unit
from prongsai.core.uploads import IMAGES, check_upload
from prongsai.property.models import Asset, UsageRules, code_key
from prongsai.thai.digits import parse_decimal


class ItemForm(forms.ModelForm):
    value = forms.CharField(
        label=_("acquisition value (baht)"), required=False, help_text=_("Thai or Arabic digits")
    )

    class Meta:
        formfield_callback = thai_date_formfield
        model = Asset
        fields = [
            "code",
            "name",
            "category",
            "unit",
            "custodian",
            "location",
            "acquired_on",
            "status",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"].queryset = Unit.objects.for_org(organisation)
        self.fields["custodian"].queryset = Person.objects.for_org(organisation).filter(is_active=True)
        if self.instance.pk and self.instance.value is not None:
            self.initial["value"] = self.instance.value

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Asset.objects.for_org(self.organisation).filter(code_key=code_key(code))
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another item already has this code."))
        return code

    def clean_value(self):
        text = self.cleaned_data["value"].strip()
        if not text:
            return None
        try:
            value = parse_decimal(text)
        except ValueError:
            raise ValidationError(_("Enter an amount such as 25,000.00 or ๒๕,๐๐๐.")) from None
        if value < 0:
            raise ValidationError(_("The value cannot be negative."))
        return value

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        self.instance.value = self.cleaned_data["value"]
        return super().save(commit)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self) -> user_files.Accepted:
        return user_files.accept(self.cleaned_data["image"], IMAGES, max_bytes=8 * 1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Register file (XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, ("xlsx",))
        return upload


class RulesForm(forms.ModelForm):
    class Meta:
        model = UsageRules
        fields = ["title", "text", "pdf"]

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            return user_files.accept(upload, ("pdf",), max_bytes=10 * 1024 * 1024).as_file()
        return upload


class LoanRequestForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Items"), queryset=Asset.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one item.")},
    )  # fmt: skip
    starts_on = ThaiDateField(label=_("From"))
    ends_on = ThaiDateField(label=_("Until"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    destination = forms.CharField(
        label=_("Destination"), max_length=200, required=False, help_text=_("Required for vehicles")
    )
    rules_version = forms.IntegerField(widget=forms.HiddenInput)
    acknowledge = forms.BooleanField(
        label=_("I have read the usage rules and will follow them"),
        error_messages={"required": _("Acknowledge the usage rules to borrow.")},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items

    def clean(self):
        data = super().clean()
        vehicle = any(i.is_vehicle for i in data.get("items") or [])
        if vehicle and not data.get("destination", "").strip():
            self.add_error("destination", _("Give the destination for a vehicle."))
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 2}))


class HandOverForm(forms.Form):
    condition = forms.CharField(label=_("Condition at hand-over"), widget=forms.Textarea(attrs={"rows": 2}))
    mileage = forms.IntegerField(label=_("Mileage out (km)"), required=False, min_value=0)
    borrower_accepts = forms.BooleanField(
        label=_("The borrower has checked the items and accepts them in this condition"),
        error_messages={"required": _("The borrower must accept the items and their condition.")},
    )


class ReturnForm(forms.Form):
    condition = forms.CharField(label=_("Condition at return"), widget=forms.Textarea(attrs={"rows": 2}))
    damage = forms.CharField(
        label=_("Damage"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty if nothing is damaged; damaged items are marked under repair."),
    )  # fmt: skip
    mileage = forms.IntegerField(label=_("Mileage in (km)"), required=False, min_value=0)
    custodian_accepts = forms.BooleanField(
        label=_("I have checked the returned items and accept them"),
        error_messages={"required": _("The custodian must accept the returned items.")},
    )
