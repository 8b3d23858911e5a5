"""`/_bench/bare` passes through the same middleware and gunicorn as every page but does no work,
so a page's throughput can be given as a share of the most the stack can serve."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/bare", bare), path("", include("prongsai.urls"))]
