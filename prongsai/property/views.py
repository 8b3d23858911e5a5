"""Placeholder views: this module is being built (see the issue tracker)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from prongsai.core.views import public_organisation


@login_required
def index(request):
    return render(request, "core/coming_soon.html")


def public_index(request, org_slug):
    return render(request, "core/coming_soon.html", {"organisation": public_organisation(org_slug)})
