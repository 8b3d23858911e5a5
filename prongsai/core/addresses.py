"""Addresses of the pages every page links to, reversed once per process instead of once per link.

Why: the menus, the national directory and every public page print the same few addresses, and
each `reverse` walks the resolver through context-local reads: more than the rest of those lines.
A page without arguments is reversed once (keyed by the URL configuration and script prefix it
was reversed under); an organisation's page once with a stand-in for its slug, the slug put in.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

STAND_IN = "org-slug-stand-in"


@functools.lru_cache(maxsize=64)
def _parts(url_name: str, urlconf, prefix: str) -> tuple[str, str]:
    before, after = reverse(url_name, kwargs={"org_slug": STAND_IN}, urlconf=urlconf).split(STAND_IN, 1)
    return before, after


@functools.lru_cache(maxsize=256)
def _page(url_name: str, urlconf, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def page_address(url_name: str) -> str:
    """`reverse(url_name)` for a page without arguments."""
    return _page(url_name, get_urlconf(), get_script_prefix())


def org_address(url_name: str, org_slug: str) -> str:
    """`reverse(url_name, kwargs={"org_slug": org_slug})` for a page whose only argument is the slug."""
    before, after = _parts(url_name, get_urlconf(), get_script_prefix())
    return f"{before}{org_slug}{after}"
