"""Forms of the complaint centre: the public intake and follow-up, and the officers' case forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prongsai.complaints import evidence, receipts
from prongsai.complaints.models import Category
from prongsai.complaints.workflow import DEFAULT_DEADLINES, State, actions_from
from prongsai.core.models import Unit
from prongsai.core.uploads import check_upload

MAX_DESCRIPTION = 20_000
MAX_MESSAGE = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files; each checked by content and cleaned (evidence.prepare)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return evidence.prepare(files)


def _no_control_chars(value: str) -> str:
    return "".join(ch for ch in value if ch in "\n\t" or ch >= " ")


class IntakeForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    concerned = forms.CharField(
        label=_("Who is concerned (person, position or unit)"),
        max_length=500,
        help_text=_("The official or the office the complaint is about."),
    )
    unit_concerned = forms.ModelChoiceField(
        label=_("Unit concerned"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— not sure / not listed —"),
    )
    when_where = forms.CharField(label=_("When and where did it happen?"), max_length=500, required=False)
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea,
        max_length=MAX_DESCRIPTION,
        help_text=_("Facts you know: what, who, how much. At most 20,000 characters."),
    )
    files = EvidenceField(
        label=_("Evidence files"),
        help_text=_(
            "Up to 5 files (PDF, pictures, Word, Excel, PowerPoint), 10 MB each. Pictures are re-drawn so "
            "their hidden data (camera, GPS position) is removed. Office and PDF files may contain the "
            "author's name: check them before sending if you want to stay anonymous."
        ),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to stay anonymous; you can still follow up with the receipt code."),
    )
    contact = forms.CharField(label=_("Phone or e-mail (optional)"), max_length=200, required=False)
    # Honeypot: hidden from people by CSS, filled by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    pow_challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    pow_counter = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_concerned"].queryset = Unit.objects.for_org(organisation)
        for name in ("concerned", "when_where", "description", "name", "contact"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_description(self):
        return _no_control_chars(self.cleaned_data["description"]).strip()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This field must be left empty."))
        return ""


FIELDS_TEMPLATE = "complaints/_intake_fields.html"
BLANK_FIELDS_KEPT = 64
_blank_fields: dict[tuple, str] = {}


def intake_fields_html(form: IntakeForm) -> str:
    """The intake form's visible fields as HTML.

    A blank form is the same for every visitor of an organisation in one language: it is rendered
    once per content (language, the organisation's units) in each process, since Django's widget
    templates cost more than the rest of the page. The per-visitor parts (CSRF token, proof-of-work
    challenge) are outside it. A form sent back with what was typed and its errors is rendered afresh."""
    if form.is_bound:
        return render_to_string(FIELDS_TEMPLATE, {"form": form})
    units = form.fields["unit_concerned"].queryset
    key = (get_language(), tuple((unit.pk, str(unit)) for unit in units))
    html = _blank_fields.get(key)
    if html is None:
        html = render_to_string(FIELDS_TEMPLATE, {"form": form})
        if len(_blank_fields) >= BLANK_FIELDS_KEPT:
            _blank_fields.clear()
        _blank_fields[key] = html
    return html


def _code_field():
    return forms.CharField(
        label=_("Receipt code"),
        max_length=60,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class FollowForm(forms.Form):
    code = _code_field()

    def clean_code(self):
        try:
            return receipts.format_code(receipts.normalise(self.cleaned_data["code"]))
        except receipts.MalformedCode:
            raise ValidationError(
                _("A receipt code has 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TV12.")
            ) from None


class ReplyForm(FollowForm):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea, max_length=MAX_MESSAGE)
    files = EvidenceField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()


class FileRequestForm(FollowForm):
    attachment = forms.IntegerField(widget=forms.HiddenInput)


# ----- officers -------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Step"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=MAX_MESSAGE)
    agency = forms.CharField(
        label=_("Agency referred to (and letter number)"), max_length=300, required=False
    )

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.value, a.label) for a in actions_from(state)]


class AssignForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", _("— nobody —")), *choices]


class OfficerMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the complainant"), widget=forms.Textarea, max_length=MAX_MESSAGE
    )
    files = EvidenceField(label=_("Files"))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea, max_length=MAX_MESSAGE)


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *State.choices])
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


# ----- the centre ------------------------------------------------------------------------------


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must you read this case?"),
        widget=forms.Textarea,
        min_length=20,
        max_length=2000,
        help_text=_(
            "At least 20 characters, e.g. the court order or the request you answer. The reason is kept in "
            "the audit log and sent to the head of the complaint centre."
        ),
    )


class DeadlinesForm(forms.Form):
    """Working days allowed in each state that has a deadline (empty: the default)."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for state, default in DEFAULT_DEADLINES.items():
            if default is None:
                continue
            self.fields[state] = forms.IntegerField(
                label=State(state).label,
                min_value=1,
                max_value=365,
                required=False,
                initial=current.get(state),
                help_text=_("Default: %(n)d working days") % {"n": default},
            )

    def overrides(self) -> dict:
        return {state: days for state, days in self.cleaned_data.items() if days}


class AppointmentOrderForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Approved memo that appoints the officers of the centre"), queryset=None
    )

    def __init__(self, *args, organisation, **kwargs):
        from prongsai.documents.models import Document, Status

        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.for_org(organisation).filter(
            status=Status.APPROVED
        )


def _year_field():
    from prongsai.ita.years import fiscal_year_field

    return fiscal_year_field(_("Fiscal year"))


class PublishForm(forms.Form):
    WHAT = [
        ("order", _("the appointment order")),
        ("statistics", _("the statistics page")),
    ]
    what = forms.ChoiceField(choices=WHAT, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"] = _year_field()


class ManualForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, initial="คู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    )
    file = forms.FileField(label=_("The manual (PDF)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"] = _year_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, allowed=("pdf",), max_bytes=20 * 1024 * 1024)
        upload.seek(0)
        return upload.read()
