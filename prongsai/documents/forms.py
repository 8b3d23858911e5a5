from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.models import Position
from prongsai.documents.models import Document, DocumentSettings


class NewDocumentForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2560, max_value=2700)


class DocumentTextForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["subject", "to", "background", "facts", "proposal", "closing"]
        help_texts = {"background": _("Separate paragraphs with an empty line.")}


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return for revision"))])
    suggestion = forms.CharField(
        label=_("Suggestion (ข้อเสนอแนะ)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The snapshot the approver read; name, position and date come from the chain and the clock.
    seen_sha256 = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    return_to = forms.TypedChoiceField(label=_("Review starts again at step"), coerce=int, required=False)
    note = forms.CharField(
        label=_("What should be revised"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_to"].choices = [("", "—")] + [
            (s.order, f"{s.order}. {s.position.title_th}") for s in steps
        ]


class ReassignForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person acting for the position"), queryset=None)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from prongsai.core.models import Person

        self.fields["person"].queryset = Person.objects.for_org(organisation).filter(is_active=True)


class ChainForm(forms.Form):
    """The approval chain of a document type: up to ten positions, first approver first."""

    STEPS = 10

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        positions = Position.objects.for_org(organisation).order_by("executive_order", "pk")
        for n in range(1, self.STEPS + 1):
            self.fields[f"step_{n}"] = forms.ModelChoiceField(
                positions, required=False, label=_("Approver %(n)s") % {"n": n}, empty_label="—"
            )

    def positions(self) -> list:
        """The chosen positions in order, with the empty rows in the middle kept as gaps (refused)."""
        chosen = [self.cleaned_data.get(f"step_{n}") for n in range(1, self.STEPS + 1)]
        while chosen and chosen[-1] is None:
            chosen.pop()
        return chosen


class SettingsForm(forms.ModelForm):
    emblem_file = forms.FileField(
        label=_("Garuda emblem artwork (PNG or JPEG)"),
        required=False,
        help_text=_(
            "Leave empty to keep the current artwork; until there is one the memo shows a placeholder."
        ),
    )

    class Meta:
        model = DocumentSettings
        fields = ["register_prefix", "department"]

    def clean_emblem_file(self):
        upload = self.cleaned_data.get("emblem_file")
        if upload:
            return user_files.accept(upload, allowed=("png", "jpeg"), max_bytes=2 * 1024 * 1024)
        return None

    def save(self, commit: bool = True) -> DocumentSettings:
        """The settings, with a new emblem stored when one was uploaded (both pages that offer it)."""
        saved = super().save(commit=False)
        accepted = self.cleaned_data.get("emblem_file")
        if accepted:
            saved.emblem = user_files.save("documents/emblems", accepted)
        if commit:
            saved.save()
        return saved


class VerifyForm(forms.Form):
    """The public verify page: a PDF to compare with the sealed originals, or a register number."""

    file = forms.FileField(label=_("PDF file"), required=False)
    number = forms.CharField(label=_("Register number (ที่)"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("number") or "").strip():
            raise forms.ValidationError(_("Upload the PDF file or type its register number."))
        return data
