"""HTTP caching of API answers: public GETs may be cached for five minutes; token answers never."""

from __future__ import annotations

import hashlib

from django.http import HttpResponseNotModified

PUBLIC_MAX_AGE = 300


def cache_headers(request, response):
    """Public GETs: cacheable for five minutes, with an ETag; anything with a token: never cached."""
    if request.headers.get("Authorization") or request.path.startswith("/api/v1/staff/"):
        response["Cache-Control"] = "private, no-store"
        return response
    if request.method != "GET" or response.status_code != 200:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control"):
            not_modified[header] = response[header]
        return not_modified
    return response
