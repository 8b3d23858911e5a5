"""`{% address 'name' %}` and `{% org_address 'name' slug %}`: `{% url %}` for the pages every page
links to, worked out once per process (`core/addresses.py`). Loaded as a builtin."""

from django import template

from prongsai.core.addresses import org_address as _org_address
from prongsai.core.addresses import page_address

register = template.Library()


@register.simple_tag
def address(url_name: str) -> str:
    """`{% url url_name %}` for a page without arguments."""
    return page_address(url_name)


@register.simple_tag
def org_address(url_name: str, org_slug: str) -> str:
    """`{% url url_name org_slug=... %}` for a page whose only argument is the slug."""
    return _org_address(url_name, org_slug)
