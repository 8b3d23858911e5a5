"""Template filters for Thai conventions; thin wrappers over `prongsai.thai`.

Loaded as a builtin, so every template can write `{{ d|thai_date }}` without `{% load %}`.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from prongsai.core import wording
from prongsai.thai import dates, digits, fiscal

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def thai_digits(value):
    return "" if value is None else digits.to_thai_digits(str(value))


@register.filter
def thai_date(value, style="long"):
    """`๒๕ มีนาคม พ.ศ. ๒๕๖๕` (long, with no-break spaces) or `๒๕ มี.ค. ๖๕` (short)."""
    if not isinstance(value, date):
        return ""
    value = _as_date(value)
    return dates.format_short(value) if style == "short" else dates.format_long(value, nbsp=True)


@register.filter
def thai_datetime(value):
    if not isinstance(value, datetime):
        return ""
    return dates.format_datetime(timezone.localtime(value) if timezone.is_aware(value) else value, nbsp=True)


@register.filter
def fiscal_year(value):
    """The Buddhist-era fiscal year (ปีงบประมาณ) a date falls in."""
    return fiscal.fiscal_year_of(_as_date(value)) if isinstance(value, date) else ""


@register.filter
def for_kind(text, kind):
    """Municipal wording in the words of an organisation type: `{{ text|for_kind:organisation.kind }}`."""
    return wording.localise(str(text or ""), kind)
