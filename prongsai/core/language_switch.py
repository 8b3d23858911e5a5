"""The language switch in every page's header: Django's `set_language`, guarded by the browser's
own word on where the form came from instead of a CSRF token (docs/adr/0006).

Why: a token in the switch made every public page mint a secret and set a cookie for each visitor
(40–110 µs of an OIT page's 1.6–2.7 ms), and a page that sets a cookie cannot be kept by a shared
cache. Browsers say which site a POST comes from: every current one sends `Sec-Fetch-Site`, and
every one that can post a form across sites sends `Origin`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

SAME_SITE_FETCHES = frozenset({"same-origin", "none"})  # "none": typed in or bookmarked by the person


def from_this_site(request) -> bool:
    """Whether a browser sent this POST from one of our own pages. A client with neither header is
    not a browser following another site's form, and carries no visitor's cookies to abuse."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in SAME_SITE_FETCHES
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt
@require_POST
def switch_language(request):
    if not from_this_site(request):
        raise PermissionDenied(_("The language can only be switched from this site's own pages."))
    return set_language(request)
