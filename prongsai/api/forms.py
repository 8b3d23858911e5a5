from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.api import tokens
from prongsai.api.models import SCOPE_CHOICES
from prongsai.core.date_fields import ThaiDateField


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name (which system uses it)"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    expires_on = ThaiDateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Leave empty for a token that does not expire."),
    )

    def clean_expires_on(self):
        """The token works until the end of the chosen day in Bangkok (`expires_at` then)."""
        day = self.cleaned_data["expires_on"]
        self.expires_at = None
        if day is not None:
            try:
                self.expires_at = tokens.expiry_for(day)
            except ValueError:
                raise ValidationError(_("The expiry date must be today or later.")) from None
        return day
