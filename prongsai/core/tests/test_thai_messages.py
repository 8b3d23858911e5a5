"""Every validation message a form can show reads in Thai, Django's own included.

Django's Thai catalogue lacks its plural messages ("Ensure this value has at most 3 characters"),
so an over-length title was refused in English only. Our catalogue fills the gaps; this test
finds any message of Django's fields and validators that still comes out in English.
"""

import inspect
import re

from django import forms
from django.core import validators
from django.db import models
from django.utils import translation

THAI = re.compile("[\u0e01-\u0e5b]")


class AnyParams(dict):
    """Fills every %(name)s of a message, and picks the plural form of ngettext messages."""

    def __missing__(self, key):
        return 3


def _subclasses(module, base):
    return [c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, base)]


def every_message():
    for cls in _subclasses(forms.fields, forms.Field) + _subclasses(forms.models, forms.Field):
        for key, message in getattr(cls, "default_error_messages", {}).items():
            yield f"forms.{cls.__name__}.{key}", message
    for cls in _subclasses(models.fields, models.Field):
        for key, message in getattr(cls, "default_error_messages", {}).items():
            yield f"models.{cls.__name__}.{key}", message
    for cls in [
        *_subclasses(validators, validators.BaseValidator),
        validators.RegexValidator,
        validators.EmailValidator,
        validators.URLValidator,
        validators.FileExtensionValidator,
        validators.ProhibitNullCharactersValidator,
    ]:
        if getattr(cls, "message", None):
            yield f"validators.{cls.__name__}", cls.message
    for key, message in validators.DecimalValidator.messages.items():
        yield f"validators.DecimalValidator.{key}", message


def test_every_form_and_validator_message_reads_in_thai():
    english = []
    with translation.override("th"):
        for where, message in every_message():
            shown = str(message % AnyParams())  # a plural message shows nothing before its number is known
            if not THAI.search(shown):
                english.append(f"{where}: {shown}")
    assert english == [], "add Thai for these to prongsai/locale/th/LC_MESSAGES/django.po"


def test_an_over_long_title_is_refused_in_thai():
    class TitleForm(forms.Form):
        title = forms.CharField(max_length=3)

    with translation.override("th"):
        form = TitleForm({"title": "abcdef"})
        assert not form.is_valid()
        assert "๓" in form.errors["title"][0] or "3" in form.errors["title"][0]
        assert THAI.search(form.errors["title"][0])
