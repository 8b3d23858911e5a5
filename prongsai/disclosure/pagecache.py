"""A server-side cache of the public pages' content, dropped whenever the organisation publishes.

Why: the OIT item page and the year's index are what assessors and the ITAS robot open most, and
they change only when something is published. Whole pages are cached for anonymous visitors,
who all get the same page: it carries no CSRF token (the language switch needs none,
core/language_switch.py) unless a form on it asks for one, which is then put in on the way out.

Rules:
- A key holds the organisation's disclosure version, the language and the page's address;
  saving or deleting a publication, an item or the organisation sets a new version (signals
  below), so the next request builds the page again. With Redis (REDIS_URL) every server sees
  the new version at once; with the local-memory cache each gunicorn worker keeps its own copy,
  and another worker may show the old page for up to TIMEOUT seconds, as long as the
  Cache-Control header lets a browser keep it.
- A scheduled publication appears at its `publish_at` without any save: an entry never outlives
  the next scheduled time of what it shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from prongsai.core import digit_style
from prongsai.core.models import Organisation
from prongsai.disclosure.models import Item, Publication

TIMEOUT = 300  # seconds; the same as the public pages' Cache-Control max-age
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor-goes-here"


def _version_key(org_slug: str) -> str:
    return f"disclosure:version:{org_slug}"


def version(org_slug: str) -> int:
    # A clock reading, not a counter: a version key lost to eviction never comes back as an old value.
    return cache.get_or_set(_version_key(org_slug), time.time_ns(), None)


def bump(org_slug: str) -> None:
    cache.set(_version_key(org_slug), time.time_ns(), None)


def seconds_until(moment: datetime | None, now: datetime | None = None) -> int:
    """The entry's lifetime: TIMEOUT, or less when something scheduled is due before then."""
    if moment is None:
        return TIMEOUT
    left = (moment - (now or timezone.now())).total_seconds()
    return max(1, min(TIMEOUT, int(left)))


def cached_page(request, org_slug: str, build: Callable[[dict], tuple[HttpResponse, int]]) -> HttpResponse:
    """The page `build(extra_context)` renders, from the cache when an anonymous visitor asks.

    A hit costs no query: the key holds the organisation's address (slug), and `build` looks the
    organisation up (404 for none) only on a miss. Signed-in staff see their own menu, and a
    visitor with a pending message sees it, so their pages are built every time. A form's CSRF
    token is stored as a placeholder, and each visitor gets their own token in its place; a page
    without one sets no cookie, so a shared cache may keep it too.
    """
    if request.user.is_authenticated or set(request.GET) - {"page"} or len(messages.get_messages(request)):
        return build({})[0]
    key = (
        f"disclosure:page:{version(org_slug)}:{get_language()}:{request.path}:"
        f"{request.GET.get('page', '')[:8]}"
    )
    html = cache.get(key)
    if html is None:
        response, lifetime = build({"csrf_token": CSRF_PLACEHOLDER})
        # In the organisation's digit style now: a later hit loads no organisation to tell it.
        html = digit_style.page_in_style(response.content.decode())
        if response.status_code == 200:
            cache.set(key, html, lifetime)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return digit_style.mark_styled(HttpResponse(html))


@receiver([post_save, post_delete], sender=Publication)
@receiver([post_save, post_delete], sender=Item)
def _published(sender, instance, **kwargs) -> None:
    slug = Organisation.objects.filter(pk=instance.organisation_id).values_list("slug", flat=True).first()
    if slug:
        bump(slug)


@receiver([post_save, post_delete], sender=Organisation)
def _renamed_or_removed(sender, instance, **kwargs) -> None:
    bump(instance.slug)
