"""Checking the external links of current publications.

Assumptions: a link is broken when it does not answer with a status below 400 within the
timeout, after redirects; HEAD is tried first and GET when the server refuses HEAD.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from django.utils import timezone

from prongsai.disclosure.models import Kind, Publication

TIMEOUT = 10
USER_AGENT = "Prongsai link checker"


def probe(url: str, timeout: float = TIMEOUT) -> str:
    """'' when the link answers, else a short reason."""
    if not url.startswith(("http://", "https://")):
        return "not an http(s) link"
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
                if response.status < 400:
                    return ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (405, 501):
                continue
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            return str(getattr(exc, "reason", exc))[:300]
    return "no answer"


def check_links(organisation=None, timeout: float = TIMEOUT) -> list[Publication]:
    """Check every published link (of one organisation, or all); the broken ones."""
    links = Publication.objects.published().filter(kind=Kind.LINK)
    if organisation is not None:
        links = links.for_org(organisation)
    broken = []
    for publication in links.select_related("item"):
        error = probe(publication.url, timeout)
        publication.link_checked_at = timezone.now()
        publication.link_broken = bool(error)
        publication.link_error = error
        publication.save(update_fields=["link_checked_at", "link_broken", "link_error"])
        if error:
            broken.append(publication)
    return broken
