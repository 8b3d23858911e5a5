"""Thai working days with the holidays an administrator keeps in the `Holiday` table."""

from prongsai.core.models import Holiday
from prongsai.thai.workdays import HolidayCalendar


def holiday_calendar() -> HolidayCalendar:
    return HolidayCalendar(dict(Holiday.objects.values_list("date", "name")))
