"""The one date field of every form: Thai and Arabic digits, either era, or the picker's value.

Django's DateField reads a four-digit year as Christian Era, so "25/03/2569" became the year
๓๑๑๒. This field reads dates as `thai.date_input` does and shows them back in the Buddhist era;
a small script (core/dates.js) adds a calendar button whose Gregorian value is converted. A date
with a time of day is the same date box beside a 24-hour time box (`ThaiDateTimeField`): a
browser's own date-and-time box shows the Christian year in the browser's language.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.thai.date_input import DateInputError, format_date_input, parse_date_input


class ThaiDateInput(forms.TextInput):
    """A text box that shows "25/03/2569" and takes what a Thai user types."""

    def __init__(self, attrs=None):
        defaults = {
            "data-thai-date": "",
            "placeholder": _("dd/mm/yyyy B.E."),
            "autocomplete": "off",
            "size": 14,
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_date_input(value)
        return super().format_value(value)  # what was typed comes back as typed: nothing is lost


class ThaiDateField(forms.DateField):
    widget = ThaiDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_date_input(str(value))
        except DateInputError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class ThaiDateTimeInput(forms.MultiWidget):
    """The Thai date box and a 24-hour time box ("14:30")."""

    def __init__(self, attrs=None):
        super().__init__([ThaiDateInput(), forms.TimeInput(attrs={"type": "time"}, format="%H:%M")], attrs)

    def decompress(self, value):
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        return [None, None]


class ThaiDateTimeField(forms.MultiValueField):
    """A moment in the site's time zone from a Thai date and a time of day; a date alone is the
    start of that day, and nothing at all is None (the field's `required` decides)."""

    widget = ThaiDateTimeInput

    def __init__(self, **kwargs):
        fields = (ThaiDateField(required=False), forms.TimeField(required=False))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        day, at = [*data_list, None, None][:2]  # [] when both boxes are empty
        if day is None:
            if at is not None:
                raise ValidationError(_("Enter the date as well as the time."), code="incomplete")
            return None
        return timezone.make_aware(datetime.combine(day, at or time(0, 0)))


def thai_date_formfield(model_field, **kwargs):
    """`formfield_callback` for ModelForms: every model DateField becomes a ThaiDateField."""
    from django.db import models

    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=ThaiDateField, **kwargs)
    return model_field.formfield(**kwargs)
