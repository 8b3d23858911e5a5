from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.date_fields import ThaiDateTimeField, thai_date_formfield
from prongsai.core.mail import single_line
from prongsai.core.models import Unit
from prongsai.core.uploads import IMAGES
from prongsai.disclosure.models import ContactMessage, Executive, Item, Kind, Publication
from prongsai.disclosure.publishing import ALLOWED, MAX_BYTES
from prongsai.disclosure.search import file_text
from prongsai.ita.results import known_years
from prongsai.ita.years import fiscal_year_field
from prongsai.thai.dates import MONTHS


class PublicationForm(forms.ModelForm):
    file = forms.FileField(label=_("File (PDF, Word or Excel)"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    publish_at = ThaiDateTimeField(
        label=_("Publish on"),
        required=False,
        help_text=_("Leave empty to publish now; a later time schedules the publication."),
    )

    class Meta:
        formfield_callback = thai_date_formfield
        model = Publication
        fields = [
            "title",
            "file",
            "url",
            "text",
            "unit",
            "period_start",
            "period_end",
            "publish_at",
            "supersedes",
        ]

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["unit"].queryset = Unit.objects.for_org(item.organisation)
        self.fields["supersedes"].queryset = Publication.objects.for_org(item.organisation).filter(item=item)
        self.fields["supersedes"].help_text = _(
            "Choose the publication this one revises; the old one stays in the history."
        )
        self.fields["url"].help_text = _(
            "A link to a page elsewhere, for example the e-GP procurement system."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.accepted = user_files.accept(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)
            return self.accepted.as_file()  # stored under a random name, never the client's
        return upload

    def clean(self):
        data = super().clean()
        given = [name for name in ("file", "url", "text") if data.get(name)]
        if len(given) != 1:
            raise ValidationError(_("Give exactly one of: a file, a link or a text."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def save(self, commit=True):
        publication = super().save(commit=False)
        publication.organisation = self.item.organisation
        publication.item = self.item
        publication.publish_at = self.cleaned_data.get("publish_at") or timezone.now()
        if self.cleaned_data.get("file"):
            accepted = self.accepted
            publication.kind, publication.file_type = Kind.DOCUMENT, accepted.kind.extension
            publication.filename = accepted.display_name[:200]
            publication.file_text = file_text(accepted.data, accepted.kind.extension)
        elif publication.url:
            publication.kind = Kind.LINK
        else:
            publication.kind = Kind.TEXT
        if commit:
            publication.save()
        return publication


class ExecutiveForm(forms.ModelForm):
    class Meta:
        formfield_callback = thai_date_formfield
        model = Executive
        fields = ["photo", "term_start", "term_end", "phone", "email", "introduction"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            return user_files.accept(photo, allowed=IMAGES, max_bytes=5 * 1024 * 1024).as_file()
        return photo

    def clean(self):
        data = super().clean()
        if data.get("term_start") and data.get("term_end") and data["term_end"] < data["term_start"]:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class ContactForm(forms.ModelForm):
    """A message to an executive. The name, contact and subject go into mail headers: one line each."""

    pow_challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    pow_counter = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ContactMessage
        fields = ["sender_name", "sender_contact", "subject", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sender_name", "sender_contact", "subject"):
            self.fields[name].validators.append(single_line)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea)


class ProcurementImportForm(forms.Form):
    year = fiscal_year_field()
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(0, _("Annual procurement plan"))] + [(m, name) for m, name in enumerate(MONTHS, start=1)],
    )
    file = forms.FileField(label=_("File (Excel or CSV, form สขร.๑)"))


class SearchForm(forms.Form):
    """The public search: words, and optional filters by fiscal year, OIT item and unit."""

    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False, empty_value=None)
    item = forms.ChoiceField(label=_("OIT item"), required=False)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        years, codes, self.units = search_filters(organisation)
        years = sorted(set(years) | set(known_years()), reverse=True)  # every year one may pick
        self.fields["year"].choices = [("", _("every year"))] + [(y, str(y)) for y in years]
        self.fields["item"].choices = [("", _("every item"))] + [(c, c) for c in codes]
        self.fields["unit"].queryset = Unit.objects.for_org(organisation)
        self.fields["unit"].empty_label = _("every unit")

    def options(self, name: str) -> str:
        """The <option>s of a filter, the chosen one selected: written here rather than in the
        template, which spent more time on the item list's 40-odd options than on the results."""
        field = self.fields[name]
        choices = [("", field.empty_label), *self.units] if name == "unit" else field.choices
        value = self[name].value()
        chosen = "" if value is None else str(value)
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) == chosen else "", label) for v, label in choices),
        )

    def year_options(self) -> str:
        return self.options("year")

    def item_options(self) -> str:
        return self.options("item")

    def unit_options(self) -> str:
        return self.options("unit")


def search_filters(organisation) -> tuple[list[int], list[str], list[tuple[int, str]]]:
    """The years, item codes and units the search can be narrowed to; cached with the public
    pages (a new catalogue drops them), units for at most pagecache.TIMEOUT seconds."""
    from prongsai.disclosure import pagecache

    def build():
        items = Item.objects.for_org(organisation).order_by()
        years = sorted(items.values_list("year", flat=True).distinct(), reverse=True)
        codes = sorted(items.values_list("code", flat=True).distinct(), key=lambda c: (len(c), c))
        units = list(
            Unit.objects.for_org(organisation).order_by("order", "name_th").values_list("pk", "name_th")
        )
        return years, codes, units

    key = f"disclosure:filters:{organisation.pk}:{pagecache.version(organisation.slug)}"
    return cache.get_or_set(key, build, pagecache.TIMEOUT)
