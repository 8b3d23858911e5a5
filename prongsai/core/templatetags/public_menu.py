"""The public menu of an organisation's pages: the modules that have a public page, as links.

Every public page prints it, so the list is built once per language (and URL configuration) with
a stand-in for the organisation's address, and each page puts its organisation's slug in.
"""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from prongsai.core.addresses import STAND_IN, org_address
from prongsai.core.modules import MODULES

register = template.Library()


@functools.lru_cache(maxsize=16)
def _items(language: str | None, urlconf, prefix: str) -> str:
    return "".join(
        format_html('<li><a href="{}">{}</a></li>', org_address(m.public_url_name, STAND_IN), m.title)
        for m in MODULES
        if m.public_url_name
    )


@register.simple_tag
def public_menu(org_slug: str) -> SafeString:
    """The menu's `<li>` links to each module's public page of the organisation at `org_slug`."""
    items = _items(translation.get_language(), get_urlconf(), get_script_prefix())
    return mark_safe(items.replace(STAND_IN, escape(org_slug)))  # noqa: S308 -- built by format_html
