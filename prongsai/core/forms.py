from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from prongsai.core import throttle
from prongsai.core.models import Person, Position


class ThrottledLoginForm(AuthenticationForm):
    """The lockout itself is in `authenticate()` (core/lockout.py); this form only says so clearly."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Both are case-sensitive."),
        "locked": _("Too many failed attempts. This account can try again in %(minutes)d minutes."),
    }

    def clean(self):
        if throttle.is_locked(self.cleaned_data.get("username") or ""):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or one of your backup codes"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class ReauthForm(VerifyForm):
    """Asked again before any change to a second factor, even in a signed-in session."""

    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    field_order = ["password", "token"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["prefix", "first_name", "last_name", "position", "phone", "email", "is_active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["position"].queryset = Position.objects.for_org(organisation)
