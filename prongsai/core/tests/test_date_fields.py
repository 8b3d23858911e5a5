"""Every date box of every form takes Thai dates: the field is checked on each form class."""

import importlib
import inspect
import pkgutil
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.utils import timezone, translation

import prongsai
from prongsai.core.date_fields import ThaiDateField, ThaiDateInput, ThaiDateTimeField


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
        if (isinstance(field, forms.DateField) and not isinstance(field, ThaiDateField))
        or isinstance(field, forms.DateTimeField)  # the browser's box shows the Christian year
    ]
    assert plain == [], "use core.date_fields (ThaiDateField or ThaiDateTimeField; thai_date_formfield)"


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


class Schedule(forms.Form):
    publish_at = ThaiDateTimeField(required=False)


def test_a_date_and_time_are_a_moment_in_the_sites_time_zone():
    form = Schedule({"publish_at_0": "๒๕ มี.ค. ๒๕๖๙", "publish_at_1": "09:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["publish_at"] == timezone.make_aware(datetime(2026, 3, 25, 9, 30))
    assert str(timezone.get_current_timezone()) == "Asia/Bangkok"


def test_a_date_alone_is_the_start_of_that_day_and_nothing_is_none():
    form = Schedule({"publish_at_0": "25/03/2569", "publish_at_1": ""})
    assert form.is_valid() and form.cleaned_data["publish_at"] == timezone.make_aware(datetime(2026, 3, 25))
    empty = Schedule({"publish_at_0": "", "publish_at_1": ""})
    assert empty.is_valid() and empty.cleaned_data["publish_at"] is None


def test_a_time_without_a_date_is_refused_in_thai_and_kept():
    with translation.override("th"):
        form = Schedule({"publish_at_0": "", "publish_at_1": "09:30"})
        assert not form.is_valid()
        assert "วันที่" in form.errors["publish_at"][0]
        assert 'value="09:30"' in str(form["publish_at"])


def test_a_stored_moment_is_shown_in_the_buddhist_era_and_local_time():
    html = str(Schedule(initial={"publish_at": datetime(2026, 3, 25, 2, 30, tzinfo=UTC)})["publish_at"])
    assert 'value="25/03/2569"' in html and 'value="09:30"' in html and 'type="time"' in html
