"""Public pages of the disclosure portal: cacheable, a fixed number of queries each."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from prongsai.core import files as user_files
from prongsai.core.mail import one_line
from prongsai.core.notifications import mail_later, notify
from prongsai.core.views import public_organisation
from prongsai.disclosure import catalogue, item_page, pagecache, procurement
from prongsai.disclosure.confirmation import carried_from
from prongsai.disclosure.forms import ContactForm, SearchForm
from prongsai.disclosure.models import Executive, Item, ProcurementLine, ProcurementSummary, Publication
from prongsai.disclosure.search import CappedPaginator, search_rows
from prongsai.ita.results import known_years
from prongsai.participation import limits

PUBLIC = cache_control(public=True, max_age=pagecache.TIMEOUT)
SEARCH_PAGE_SIZE = 20


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
    return pagecache.cached_page(request, org_slug, lambda extra: _year_page(request, org_slug, year, extra))


def _year_page(request, org_slug, year, extra: dict) -> tuple[HttpResponse, int]:
    organisation = public_organisation(org_slug)
    items = list(Item.objects.for_org(organisation).filter(year=year))
    if not items and year not in known_years():  # a year in range says nothing is published yet
        raise Http404(_("No OIT items are published for %(year)d.") % {"year": year})
    report = catalogue.readiness(organisation, year, items)
    page = Paginator(items, 60).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation, "year": year, "report": report, "page": page,
        "carried_from": carried_from(year) if items else None, **extra,
    }  # fmt: skip
    due = (
        Publication.objects.for_org(organisation)
        .filter(item__year=year, publish_at__gt=timezone.now())
        .aggregate(due=Min("publish_at"))["due"]
    )
    return render(request, "disclosure/public_year.html", context), pagecache.seconds_until(due)


@PUBLIC
def public_item(request, org_slug, year, item_code):
    """An item's page at its readable address (/<org>/disclosure/2565/o10/): what ITAS links to."""
    return pagecache.cached_page(
        request, org_slug, lambda extra: _item_page(request, org_slug, year, item_code, extra)
    )


def _item_page(request, org_slug, year, item_code, extra: dict) -> tuple[HttpResponse, int]:
    # The item with its organisation and publications in one query (the page ITAS opens most,
    # written by hand: item_page.py); the organisation alone is looked up only to say which is missing.
    found = item_page.item(org_slug, year, item_code)
    if found is None:
        public_organisation(org_slug)
        raise Http404(_("There is no such OIT item."))
    item, publications = found
    organisation = item.organisation
    now = timezone.now()
    current, history, scheduled = catalogue.current_and_history(publications, now)
    context = {
        "organisation": organisation, "item": item, "current": current, "history": history,
        "year": year, "carried_from": carried_from(year), **extra,
    }  # fmt: skip
    due = min((p.publish_at for p in scheduled), default=None)
    page = engines["jinja2"].get_template("disclosure/public_item.html")  # docs/adr/0007
    return HttpResponse(page.render(context, request)), pagecache.seconds_until(due, now)


def item_by_id(request, org_slug, year, item_id):
    organisation = public_organisation(org_slug)
    item = Item.objects.for_org(organisation).filter(pk=item_id, year=year).first()
    if item is None:
        raise Http404(_("There is no such OIT item."))
    return redirect(item_url(item), permanent=True)


def item_url(item: Item) -> str:
    return reverse(
        "disclosure_public:item",
        kwargs={"org_slug": item.organisation.slug, "year": item.year, "item_code": item.code},
    )


@cache_control(public=True, max_age=60)
def search(request, org_slug):
    """Publications that hold every word of the query (Thai cut into words), newest first."""
    organisation = public_organisation(org_slug)
    form = SearchForm(request.GET or None, organisation=organisation)
    rows = Publication.objects.none()
    if form.is_valid() and form.cleaned_data["q"].strip():
        rows = search_rows(organisation, **form.cleaned_data)
    page = CappedPaginator(rows, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "searched": form.is_bound,
        "units": form.units,
    }
    return render(request, "disclosure/search.html", context)


@PUBLIC
def public_file(request, org_slug, publication_id):
    organisation = public_organisation(org_slug)
    publication = Publication.objects.for_org(organisation).published().filter(pk=publication_id).first()
    if publication is None or not publication.file:
        raise Http404(_("There is no such document."))
    return user_files.serve_stored(publication.file.name, publication.filename or publication.title)


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
    return user_files.serve_stored(profile.photo.name, "photo")


@never_cache
def contact(request, org_slug, executive_id):
    """A message to one executive: stored, sent to them, never published. No address is kept.

    Each message pays a proof of work and counts against the executive's and the organisation's
    limits in the throttle cache (participation/limits.py), so floods cost the sender."""
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
        problem = limits.unpaid(organisation, form.cleaned_data)
        if not problem and not (
            limits.take("contact", str(profile.pk)) and limits.take("contact_org", str(organisation.pk))
        ):
            problem = limits.busy()
        if not problem:
            message = form.save(commit=False)
            message.organisation, message.executive = organisation, profile
            message.save()
            _deliver(organisation, profile, message)
            return render(
                request, "disclosure/contact_sent.html", {"organisation": organisation, "profile": profile}
            )
        form.add_error(None, problem)
    challenge = limits.challenge(organisation)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["pow_challenge"], form.data["pow_counter"] = challenge["pow_challenge"], ""
    else:
        form.initial["pow_challenge"] = challenge["pow_challenge"]
    context = {"organisation": organisation, "profile": profile, "form": form, **challenge}
    return render(request, "disclosure/contact.html", context, status=400 if form.is_bound else 200)


def _deliver(organisation, profile, message) -> None:
    """A notification for an executive with an account, else mail by a background job (a failed
    send shows as a failed job; the message itself is stored and listed for staff either way)."""
    title = _("Message to %(name)s: %(subject)s") % {
        "name": profile.person.full_name,
        "subject": message.subject,
    }
    url = reverse("disclosure:message", kwargs={"contact_message_id": message.pk})
    user = profile.person.user
    if user is not None:
        notify(organisation, [user], title, url=url, kind="disclosure.message", body=message.body)
    elif profile.email:
        mail_later(organisation, [profile.email], one_line(title), message.body)


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
