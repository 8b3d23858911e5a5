"""Forms of the document kinds and the register books (kinds.py, registers.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.date_fields import ThaiDateField
from prongsai.documents import kinds
from prongsai.documents.models import Book, Document
from prongsai.thai.fiscal import fiscal_year_of

LABELS = {  # the body of an order, announcement or letter is one text, paragraphs apart
    "facts": _("Text (paragraphs separated by an empty line)"),
    "to": _("to (เรียน)"),
    "enclosures": _("Enclosures (สิ่งที่ส่งมาด้วย), one per line"),
}


class NewKindForm(forms.Form):
    prefix = "kind"  # the documents index also holds the measures memo's form (its fiscal_year)
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=[(k.code, k.label) for k in kinds.KINDS.values()]
    )
    subject = forms.CharField(label=_("Subject (เรื่อง)"), max_length=500)
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2560, max_value=2700)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = fiscal_year_of(timezone.localdate())


class _KindText(forms.ModelForm):
    REQUIRED = ("subject", "to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in self.REQUIRED


def text_form(document: Document) -> type[forms.ModelForm]:
    """The edit form of the document's kind: only the fields its printed form has."""
    kind = kinds.kind_of(document)
    fields = list(kind.fields) if kind else ["subject", "to", "background", "facts", "proposal", "closing"]
    issued = kind is not None and kind.code in kinds.ISSUED
    labels = {k: v for k, v in LABELS.items() if k in fields} if issued else {}
    return forms.modelform_factory(
        Document, form=_KindText, fields=fields, labels=labels,
        help_texts={"background": _("Separate paragraphs with an empty line.")},
    )  # fmt: skip


class RegisterSearchForm(forms.Form):
    """The register pages' filters; bad values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # A register runs by calendar year, not fiscal year: its own name keeps the two apart.
    calendar_year = forms.TypedChoiceField(
        label=_("Calendar year (B.E.)"), coerce=int, required=False, empty_value=None
    )
    book = forms.ChoiceField(label=_("Series"), required=False, choices=[("", _("All")), *Book.choices])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar_year"].choices = [("", _("All")), *((y, y) for y in years)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "year": None, "book": ""}
        data = self.cleaned_data
        return {"q": data.get("q") or "", "year": data.get("calendar_year"), "book": data.get("book") or ""}


ALLOWED_FILES = ("pdf", "docx", "png", "jpeg")


class ReceivedForm(forms.Form):
    sender = forms.CharField(label=_("From (จาก)"), max_length=300)
    their_reference = forms.CharField(label=_("Their reference number (ที่)"), max_length=100, required=False)
    their_date = ThaiDateField(label=_("Dated"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    to = forms.CharField(label=_("To (ถึง)"), max_length=300)
    received_on = ThaiDateField(label=_("Date received"), required=False)
    action = forms.CharField(label=_("Action taken"), max_length=300, required=False)
    file = forms.FileField(label=_("The document (PDF, Word or a picture)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            return user_files.accept(upload, allowed=ALLOWED_FILES, max_bytes=20 * 1024 * 1024)
        return None

    def clean_received_on(self):
        day = self.cleaned_data.get("received_on") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("A document cannot be received in the future."))
        return day
