"""Thai working days with the holidays an administrator keeps in the `Holiday` table."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from prongsai.core.models import Holiday
from prongsai.thai.workdays import HolidayCalendar

CACHE_KEY = "core:holidays"
CACHE_SECONDS = 60  # bounds staleness where the cache is per process (no Redis)


def holiday_calendar() -> HolidayCalendar:
    """The national list, kept in the cache: every page with a deadline asks for it, and it
    changes only when an administrator edits it (the signals below forget it then)."""
    holidays = cache.get(CACHE_KEY)
    if holidays is None:
        holidays = dict(Holiday.objects.values_list("date", "name"))
        cache.set(CACHE_KEY, holidays, CACHE_SECONDS)
    return HolidayCalendar(holidays)


def holidays_changed(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def connect_signals() -> None:
    post_save.connect(holidays_changed, sender=Holiday, dispatch_uid="core_holidays_changed")
    post_delete.connect(holidays_changed, sender=Holiday, dispatch_uid="core_holidays_deleted")
