"""The API object: public read endpoints, staff endpoints by token, one OpenAPI document.

No documentation page is served from a CDN (there is no network at run time): the OpenAPI
JSON is at /api/v1/openapi.json and docs/api.md explains it. Public answers are cacheable
(Cache-Control and an ETag, with 304 for a matching If-None-Match); staff answers are not.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import re_path
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from prongsai.api.caching import cache_headers
from prongsai.api.throttle import MinuteThrottle


class ThaiJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Thai text as text, not \u escapes


class ProngsaiAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return cache_headers(request, response)


api = ProngsaiAPI(
    title="Prongsai API",
    version="1",
    description="Open data of Thai local government organisations (ITA, OIT, procurement, "
    "statistics) and staff integrations by token. See docs/api.md.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    renderer=ThaiJSONRenderer(),
    throttle=[MinuteThrottle()],
)

from prongsai.api import public, staff  # noqa: E402  (routers register on the api above)

api.add_router("/", public.router)
api.add_router("/staff/", staff.router)


def not_found(request, rest=""):
    """Any other address under /api/v1/ answers JSON too (a path Django cannot match, e.g. year -1)."""
    return JsonResponse({"detail": "ไม่มีที่อยู่นี้ใน API (no such API address)"}, status=404)


def index(request):
    """/api/v1/ itself: where the description of the API is."""
    body = {"openapi": request.build_absolute_uri("openapi.json"), "version": api.version}
    return cache_headers(request, JsonResponse(body))


def urls():
    """The API's URL patterns: the index first, the JSON catch-all last (neither needs a name)."""
    patterns, app_name, namespace = api.urls
    catch_all = re_path(r"^(?P<rest>[\s\S]*)\Z", not_found)
    return [re_path(r"^\Z", index), *patterns, catch_all], app_name, namespace
