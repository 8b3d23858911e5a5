from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.documents.models import Document


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
    signed_name = forms.CharField(label=_("Your name as signature"), max_length=200, required=False)
    signed_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
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
