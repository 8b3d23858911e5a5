from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from prongsai.core.views import public_organisation
from prongsai.ita.models import Result


@login_required
def results(request):
    rows = Result.objects.for_org(request.organisation).order_by("-year")
    return render(request, "ita/results.html", {"results": rows})


def public_results(request, org_slug):
    organisation = public_organisation(org_slug)
    rows = Result.objects.for_org(organisation).order_by("-year")
    return render(request, "ita/public_results.html", {"organisation": organisation, "results": rows})
