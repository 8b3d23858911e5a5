"""Template filters for Thai conventions; thin wrappers over `prongsai.thai`.

Loaded as a builtin, so every template can write `{{ d|thai_date }}` without `{% load %}`.
"""

import re
from datetime import date, datetime

from django import template
from django.utils import timezone

from prongsai.core import digit_style, history_labels, wording
from prongsai.thai import dates, fiscal

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def thai_digits(value):
    """Digits in the page's official style (Thai unless the organisation chose Arabic)."""
    return "" if value is None else digit_style.styled(str(value))


@register.filter
def thai_date(value, style="long"):
    """`๒๕ มีนาคม พ.ศ. ๒๕๖๕` (long, with no-break spaces) or `๒๕ มี.ค. ๖๕` (short)."""
    if not isinstance(value, date):
        return ""
    value = _as_date(value)
    thai = digit_style.thai_digits_on()
    if style == "short":
        return dates.format_short(value, thai_digits=thai)
    return dates.format_long(value, thai_digits=thai, nbsp=True)


@register.filter
def thai_datetime(value):
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return dates.format_datetime(local, thai_digits=digit_style.thai_digits_on(), nbsp=True)


@register.filter
def fiscal_year(value):
    """The Buddhist-era fiscal year (ปีงบประมาณ) a date falls in."""
    return fiscal.fiscal_year_of(_as_date(value)) if isinstance(value, date) else ""


@register.filter
def for_kind(text, kind):
    """Municipal wording in the words of an organisation type: `{{ text|for_kind:organisation.kind }}`."""
    return wording.localise(str(text or ""), kind)


@register.filter
def action_label(code, app=""):
    """`{{ e.action|action_label:"documents" }}`: the words for a history's stored code."""
    return history_labels.action_label(str(code), app)


@register.filter
def changed_fields(entry):
    """An audit entry's changed columns, named as their model names them."""
    return ", ".join(history_labels.field_labels(entry.object_type, (entry.changes or {}).keys()))


@register.filter
def model_label(object_type):
    """"plans.measure" -> the model's own name for itself (มาตรการ)."""
    return history_labels.model_label(str(object_type))


_DJANGO_NOT_FOUND = re.compile(r"No \w+ matches the given query\.")


@register.filter
def own_message(exception):
    """A 404's own words, or nothing for Django's English "No Job matches the given query."."""
    text = str(exception)
    return "" if _DJANGO_NOT_FOUND.fullmatch(text) else text
