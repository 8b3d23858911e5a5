"""The public menu of an organisation's pages: the modules that have a public page, as links.

Every public page prints it, so the addresses come from `core.addresses` (reversed once per
process) and the titles are translated once per language.
"""

import functools

from django import template
from django.utils import translation

from prongsai.core.addresses import org_address
from prongsai.core.modules import MODULES

register = template.Library()


@functools.lru_cache(maxsize=8)
def _titles(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((m.public_url_name, str(m.title)) for m in MODULES if m.public_url_name)


@register.simple_tag
def public_menu(org_slug: str) -> list[tuple[str, str]]:
    """(address, title) of each module with a public page, for the organisation at `org_slug`."""
    return [(org_address(name, org_slug), title) for name, title in _titles(translation.get_language())]

