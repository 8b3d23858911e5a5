"""Procurement red-flag pages: staff see the indicators with their rows, the public the indicators
only, both beside the national picture when enough organisations share the server."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import jobs
from prongsai.core.access import organisation_of
from prongsai.core.views import public_organisation
from prongsai.disclosure.models import ProcurementLine
from prongsai.integrity import redflags, tasks
from prongsai.integrity.models import RedFlagSummary
from prongsai.thai.fiscal import fiscal_year_of

RECOMPUTE_MINUTES = 10


def _year(value) -> int:
    current = fiscal_year_of(timezone.localdate())
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current
    return year if 2560 <= year <= current + 1 else current


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{share * 100:.1f}"


def _cards(indicators: redflags.Indicators, comparison: redflags.Comparison | None) -> list[dict]:
    """One card per flag: its words, this year's figure, whether it is raised, the national share."""
    figures = {
        "single_bidder": (indicators.single_bidder, indicators.single_bidder_rate),
        "top_supplier": (None, indicators.top_supplier_share),
        "split_purchase": (indicators.split_purchases, None),
        "price_equals_budget": (indicators.price_equals_budget, indicators.price_equals_budget_rate),
        "declared_relation": (indicators.declared_relations, None),
    }
    raised = set(indicators.flagged)
    cards = []
    for code, flag in redflags.FLAGS.items():
        count, rate = figures[code]
        national = None
        if comparison is not None:
            national = comparison.with_flag[code] / comparison.organisations
        cards.append({"flag": flag, "count": count, "rate": _percent(rate), "raised": code in raised,
                      "national": _percent(national), "rows": indicators.rows.get(code, [])})  # fmt: skip
    return cards


@login_required
@permission_required("integrity.view_redflags", raise_exception=True)
def staff(request):
    org = organisation_of(request)  # a superuser may not have chosen one yet
    if request.method == "POST":
        if not request.user.has_perm("integrity.recompute_redflags"):
            raise PermissionDenied(_("The analyst or the clerk recomputes the national comparison."))
        year = _year(request.POST.get("year"))
        # one computation covers every organisation on the server: not again within minutes
        recent = timezone.now() - timedelta(minutes=RECOMPUTE_MINUTES)
        if RedFlagSummary.objects.filter(fiscal_year=year, computed_at__gte=recent).exists():
            messages.info(request, _("The national comparison was computed a few minutes ago."))
        else:
            jobs.enqueue(tasks.compute_red_flags, year)
            messages.success(
                request, _("The national comparison is being computed; it appears here when done.")
            )
        return redirect(f"{request.path}?year={year}")
    year = _year(request.GET.get("year"))
    indicators = redflags.for_organisation(org, year, with_rows=True)
    comparison = redflags.national(year)
    cards = _cards(indicators, comparison)
    ids = {pk for card in cards for pk in card["rows"]}
    lines = ProcurementLine.objects.for_org(org).filter(pk__in=ids).select_related("summary").in_bulk()
    for card in cards:
        card["lines"] = [lines[pk] for pk in card["rows"] if pk in lines]
    top = indicators.rows.get("top_supplier")
    current = fiscal_year_of(timezone.localdate())
    return render(request, "integrity/redflags.html", {
        "year": year, "indicators": indicators, "cards": cards, "comparison": comparison,
        "median_single": _percent(comparison and comparison.median_single_bidder_rate),
        "median_top": _percent(comparison and comparison.median_top_supplier_share),
        "guide": redflags.GUIDE, "guide_url": redflags.GUIDE_URL,
        "may_recompute": request.user.has_perm("integrity.recompute_redflags"),
        "top_supplier": lines[top[0]].winner if top else "", "years": range(current + 1, 2560, -1),
    })  # fmt: skip


def public(request, org_slug, year):
    organisation = public_organisation(org_slug)
    if _year(year) != year:
        raise Http404(_("There are no procurement indicators for fiscal year %(fy)s.") % {"fy": year})
    indicators = redflags.for_organisation(organisation, year)
    comparison = redflags.national(year)
    return render(request, "integrity/public_redflags.html", {
        "organisation": organisation, "year": year, "indicators": indicators,
        "cards": _cards(indicators, comparison), "comparison": comparison,
        "median_single": _percent(comparison and comparison.median_single_bidder_rate),
        "median_top": _percent(comparison and comparison.median_top_supplier_share),
        "guide": redflags.GUIDE, "guide_url": redflags.GUIDE_URL,
    })  # fmt: skip
