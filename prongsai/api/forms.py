from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.api.models import SCOPE_CHOICES


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name (which system uses it)"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that does not expire."),
    )
