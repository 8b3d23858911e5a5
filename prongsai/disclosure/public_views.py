"""Public pages of the disclosure portal: cacheable, a fixed number of queries each."""

from __future__ import annotations

import json

from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from prongsai.core.notifications import notify
from prongsai.core.views import public_organisation
from prongsai.disclosure import catalogue, procurement
from prongsai.disclosure.forms import ContactForm
from prongsai.disclosure.models import Executive, Item, ProcurementLine, ProcurementSummary, Publication

PUBLIC = cache_control(public=True, max_age=300)


@PUBLIC
def public_index(request, org_slug):
    organisation = public_organisation(org_slug)
    years = Item.objects.for_org(organisation).values("year").annotate(items=Count("pk")).order_by("-year")
    page = Paginator(years, 25).get_page(request.GET.get("page"))
    months = ProcurementSummary.objects.for_org(organisation).values("year").distinct().order_by("-year")
    context = {"organisation": organisation, "page": page, "procurement_years": [m["year"] for m in months]}
    return render(request, "disclosure/public_index.html", context)


@PUBLIC
def public_year(request, org_slug, year):
    organisation = public_organisation(org_slug)
    items = list(Item.objects.for_org(organisation).filter(year=year))
    if not items:
        raise Http404(_("No OIT items are published for %(year)d.") % {"year": year})
    report = catalogue.readiness(organisation, year, items)
    page = Paginator(items, 60).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "year": year, "report": report, "page": page}
    return render(request, "disclosure/public_year.html", context)


@PUBLIC
def public_item(request, org_slug, year, item_id):
    organisation = public_organisation(org_slug)
    item = Item.objects.for_org(organisation).filter(pk=item_id, year=year).first()
    if item is None:
        raise Http404(_("There is no such OIT item."))
    publications = list(
        Publication.objects.for_org(organisation).published().filter(item=item).select_related("unit")
    )
    current, history, _scheduled = catalogue.current_and_history(publications)
    context = {"organisation": organisation, "item": item, "current": current, "history": history}
    return render(request, "disclosure/public_item.html", context)


@PUBLIC
def public_file(request, org_slug, publication_id):
    organisation = public_organisation(org_slug)
    publication = Publication.objects.for_org(organisation).published().filter(pk=publication_id).first()
    if publication is None or not publication.file:
        raise Http404(_("There is no such document."))
    response = FileResponse(publication.file.open("rb"), filename=publication.filename or None)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@PUBLIC
def public_executives(request, org_slug):
    organisation = public_organisation(org_slug)
    profiles = (
        Executive.objects.for_org(organisation)
        .filter(person__is_active=True, person__position__is_executive=True)
        .select_related("person__position")
        .order_by("person__position__executive_order")
    )
    page = Paginator(profiles, 25).get_page(request.GET.get("page"))
    return render(request, "disclosure/public_executives.html", {"organisation": organisation, "page": page})


@PUBLIC
def executive_photo(request, org_slug, executive_id):
    organisation = public_organisation(org_slug)
    profile = Executive.objects.for_org(organisation).filter(pk=executive_id).first()
    if profile is None or not profile.photo:
        raise Http404(_("There is no such photo."))
    response = FileResponse(profile.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def contact(request, org_slug, executive_id):
    """A message to one executive: stored, sent to them, never published. No address is kept."""
    organisation = public_organisation(org_slug)
    profile = (
        Executive.objects.for_org(organisation)
        .filter(pk=executive_id, person__is_active=True)
        .select_related("person__position", "person__user")
        .first()
    )
    if profile is None:
        raise Http404(_("There is no such executive."))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = form.save(commit=False)
        message.organisation, message.executive = organisation, profile
        message.save()
        _deliver(organisation, profile, message)
        return render(
            request, "disclosure/contact_sent.html", {"organisation": organisation, "profile": profile}
        )
    return render(
        request, "disclosure/contact.html", {"organisation": organisation, "profile": profile, "form": form}
    )


def _deliver(organisation, profile, message) -> None:
    title = _("Message to %(name)s: %(subject)s") % {
        "name": profile.person.full_name,
        "subject": message.subject,
    }
    url = reverse("disclosure:message", kwargs={"contact_message_id": message.pk})
    user = profile.person.user
    if user is not None:
        notify(organisation, [user], title, url=url, kind="disclosure.message", body=message.body)
    elif profile.email:
        send_mail(title[:200], message.body, None, [profile.email], fail_silently=True)


@PUBLIC
def public_procurement(request, org_slug, year):
    organisation = public_organisation(org_slug)
    lines = (
        ProcurementLine.objects.for_org(organisation)
        .filter(summary__year=year)
        .select_related("summary")
        .order_by("summary__month", "number")
    )
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "year": year,
        "page": page,
        "totals": procurement.totals_by_method(organisation, year),
    }
    return render(request, "disclosure/public_procurement.html", context)


@PUBLIC
def procurement_ocds(request, org_slug, year):
    organisation = public_organisation(org_slug)
    package = procurement.ocds_package(organisation, year, request.build_absolute_uri())
    return HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
