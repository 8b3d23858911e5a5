"""Forms for entering ITA results; numbers may be typed with Thai or Arabic digits."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.ita.framework import Framework
from prongsai.thai.digits import parse_decimal


class ScoreField(forms.CharField):
    """A score from 0 to 100, written `85.59` or `๘๕.๕๙`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_decimal(text)
        except ValueError:
            raise forms.ValidationError(_("Write a number such as 85.59 or ๘๕.๕๙.")) from None
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError(_("A score lies between 0 and 100."))
        return number.quantize(Decimal("0.01"))


class ResultForm(forms.Form):
    reported_total = ScoreField(label=_("Total as reported by the NACC"), required=False)
    reported_rating = forms.CharField(label=_("Grade or level as reported"), required=False, max_length=40)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        for indicator in framework.indicators:
            self.fields[f"indicator_{indicator.code}"] = ScoreField(
                label=f"{indicator.code}. {indicator.name_th}", required=True
            )
        self.fields["reported_rating"].widget.attrs["list"] = "ratings"
        items = [(item.code, f"{item.code} {item.title_th}") for item in framework.oit_items]
        if items:
            self.fields["oit_items"] = forms.MultipleChoiceField(
                label=_("OIT items the assessors accepted"),
                choices=items,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.order_fields([f"indicator_{i.code}" for i in framework.indicators])

    def clean_reported_rating(self):
        rating = self.cleaned_data["reported_rating"].strip()
        if rating and rating not in self.framework.grading.names:
            names = ", ".join(self.framework.grading.names)
            raise forms.ValidationError(_("Use one of: %(names)s.") % {"names": names})
        return rating

    def scores(self) -> dict[int, Decimal]:
        return {i.code: self.cleaned_data[f"indicator_{i.code}"] for i in self.framework.indicators}

    def oit_items(self) -> dict[str, bool]:
        if "oit_items" not in self.fields:
            return {}
        accepted = set(self.cleaned_data.get("oit_items") or ())
        return {item.code: item.code in accepted for item in self.framework.oit_items}


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("The result table, copied from the NACC result page or PDF"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Result file (CSV, XLSX or JSON; one row per organisation and year)"),
        help_text=_("CSV may be UTF-8 or TIS-620/Windows-874. At most 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
