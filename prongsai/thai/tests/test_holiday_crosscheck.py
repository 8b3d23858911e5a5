"""The shipped holiday list against a second opinion (the `holidays` package, Thailand).

Complaint deadlines count working days, so a lunar holiday left out of a year moves every
deadline around it. The admin table stays the authority; `prongsai holidays load` only adds.
"""

from datetime import date

import pytest
from django.core.management import call_command

from prongsai.thai.holiday_check import differences
from prongsai.thai.workdays import load_holiday_years

pytest.importorskip("holidays")


@pytest.mark.parametrize("year_be", [y.year_be for y in load_holiday_years()])
def test_every_holiday_the_package_knows_is_shipped(year_be):
    missing, _only_here = differences(year_be)
    assert missing == {}, f"add to prongsai/thai/data/holidays.json ({year_be}), with a source: {missing}"


def test_the_2570_lunar_holidays_and_their_substitutes_are_shipped():
    shipped = next(y for y in load_holiday_years() if y.year_be == 2570)
    for day in ("2027-02-21", "2027-02-22", "2027-05-20", "2027-07-18", "2027-07-19", "2027-07-20"):
        assert date.fromisoformat(day) in shipped.holidays, day


@pytest.mark.django_db
def test_loading_adds_missing_days_and_keeps_what_an_administrator_edited():
    from prongsai.core.models import Holiday

    call_command("holidays", "load", "--year", "2570", verbosity=0)  # whatever earlier tests left
    assert Holiday.objects.filter(date=date(2027, 2, 21)).exists()
    Holiday.objects.filter(date=date(2027, 5, 20)).delete()
    Holiday.objects.filter(date=date(2027, 2, 21)).update(name="แก้ไขโดยผู้ดูแล")
    call_command("holidays", "load", "--year", "2570", verbosity=0)
    assert Holiday.objects.filter(date=date(2027, 5, 20)).exists()
    assert Holiday.objects.get(date=date(2027, 2, 21)).name == "แก้ไขโดยผู้ดูแล"
