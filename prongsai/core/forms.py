from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from prongsai.core import throttle
from prongsai.core.models import Person, Position


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Both are case-sensitive."),
        "locked": _("Too many failed attempts. This account can try again in %(minutes)d minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if throttle.is_locked(username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username)
            raise
        throttle.clear(username)
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["prefix", "first_name", "last_name", "position", "phone", "email", "is_active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["position"].queryset = Position.objects.for_org(organisation)
