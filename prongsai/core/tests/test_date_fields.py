"""Every date box of every form takes Thai dates: the field is checked on each form class."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms

import prongsai
from prongsai.core.date_fields import ThaiDateField, ThaiDateInput


def every_form_class():
    for module in pkgutil.walk_packages(prongsai.__path__, "prongsai."):
        if (
            ".tests" in module.name
            or ".migrations" in module.name
            or not module.name.split(".")[-1].endswith("forms")
        ):
            continue
        loaded = importlib.import_module(module.name)
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.name:
                yield value


def test_no_form_takes_a_date_the_christian_era_way():
    found = list(every_form_class())
    assert len(found) > 30
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, (ThaiDateField, forms.DateTimeField))
    ]
    assert plain == [], "use core.date_fields (ThaiDateField, or formfield_callback = thai_date_formfield)"


class LoanDates(forms.Form):
    starts_on = ThaiDateField()


@pytest.mark.parametrize("typed", ["๒๕ มี.ค. ๒๕๖๙", "25/03/2569", "2026-03-25"])
def test_the_field_takes_what_thai_users_type(typed):
    form = LoanDates({"starts_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == date(2026, 3, 25)


def test_an_impossible_year_is_refused_and_what_was_typed_is_kept():
    form = LoanDates({"starts_on": "25/03/3112"})
    assert not form.is_valid()
    assert "3112" in form.errors["starts_on"][0]
    assert 'value="25/03/3112"' in str(form["starts_on"])  # nothing typed is lost


def test_a_stored_date_is_shown_in_the_buddhist_era():
    html = ThaiDateInput().render("d", date(2026, 3, 25))
    assert 'value="25/03/2569"' in html and "data-thai-date" in html
