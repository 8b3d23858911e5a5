"""Forms of the participation app; each limits choices to the request's organisation."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.date_fields import thai_date_formfield
from prongsai.core.models import Unit
from prongsai.core.uploads import DOCUMENTS
from prongsai.participation.models import (
    Consultation,
    CouncilMember,
    Meeting,
    Survey,
    Theme,
)


class OrgModelForm(forms.ModelForm):
    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.organisation = organisation


class CouncilMemberForm(OrgModelForm):
    class Meta:
        formfield_callback = thai_date_formfield
        model = CouncilMember
        fields = [
            "prefix", "first_name", "last_name", "village_no", "community", "role", "appointed_by",
            "term_start", "term_end", "ended_on", "end_reason", "phone", "email",
        ]  # fmt: skip


class MeetingForm(OrgModelForm):
    class Meta:
        formfield_callback = thai_date_formfield
        model = Meeting
        fields = ["title", "held_on", "place", "agenda", "attendees", "minutes", "resolutions"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["attendees"].queryset = CouncilMember.objects.for_org(organisation)

    def clean(self):
        data = super().clean()
        day = data.get("held_on")
        if day:
            absent = [m.full_name for m in data.get("attendees", []) if not m.serves_on(day)]
            if absent:
                self.add_error(
                    "attendees",
                    _("Not a council member on the meeting date: %(names)s") % {"names": ", ".join(absent)},
                )
        return data


def url_field():
    return forms.URLField(label=_("link to the measure or service"), required=False, assume_scheme="https")


class ConsultationForm(OrgModelForm):
    measure_url = url_field()

    class Meta:
        formfield_callback = thai_date_formfield
        model = Consultation
        fields = [
            "title",
            "kind",
            "description",
            "opens_on",
            "closes_on",
            "is_published",
            "measure",
            "measure_url",
        ]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(label=_("file (PDF, Word, Excel, PowerPoint, OpenDocument)"))

    def clean_file(self) -> user_files.Accepted:
        return user_files.accept(self.cleaned_data["file"], allowed=DOCUMENTS, max_bytes=10 * 1024 * 1024)


class ThemeForm(OrgModelForm):
    measure_url = url_field()

    class Meta:
        formfield_callback = thai_date_formfield
        model = Theme
        fields = ["title", "you_said", "answer", "we_did", "changed_on", "measure", "measure_url"]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea, max_length=4000)
    name = forms.CharField(
        label=_("Your name (leave empty to stay anonymous)"), max_length=200, required=False
    )
    member_code = forms.CharField(
        label=_("Council member code (members of the community council only)"), max_length=20, required=False
    )
    # Honeypot: hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 5:
            raise ValidationError(_("Write at least a few words."))
        return body

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This comment looks automated and was not accepted."))
        return ""


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("refuse", _("Refuse")), ("withdraw", _("Withdraw"))]
    )
    reason = forms.CharField(label=_("Reason (required to refuse)"), max_length=500, required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.for_org(consultation.organisation).filter(
            consultation=consultation
        )


class SurveyForm(OrgModelForm):
    class Meta:
        formfield_callback = thai_date_formfield
        model = Survey
        fields = ["title", "unit", "service", "opens_on", "closes_on", "invitation_only"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_org(organisation)


class PaperCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of paper forms"), min_value=1, max_value=500, initial=20)
