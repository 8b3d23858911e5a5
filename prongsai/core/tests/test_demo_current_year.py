"""`prongsai demo` lives in the current year (issue 15): the seed's 2564 → 2565 story stays as it was,
and the organisation's current cycle is built from today's date, on any day it is loaded."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation
from prongsai.disclosure.catalogue import readiness
from prongsai.disclosure.models import Publication
from prongsai.ita.models import Result
from prongsai.participation.models import Consultation, CouncilMember
from prongsai.plans.models import Measure, Plan, StepStatus, StepUpdate
from prongsai.property.models import Loan
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")
MODELS = (Result, Plan, Measure, StepUpdate, Publication, CouncilMember, Consultation, Loan)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _check_current_cycle(client, today: date) -> None:
    org = Organisation.objects.get(slug="bophloi")
    year = fiscal_year_of(today)

    # Last year's ITA result, published figures as NACC publishes them, with its analysis pages.
    result = Result.objects.for_org(org).get(year=year - 1)
    assert result.reported_total == result.total and result.reported_rating == result.rating
    assert not result.mismatch and 70 < result.total < 100
    public = client.get(reverse("ita_public:analysis", kwargs={"org_slug": org.slug, "year": year - 1}))
    assert public.status_code == 200 and to_thai_digits(result.reported_total) in public.content.decode()

    # This fiscal year's plan, drafted from it, with steps done, late and due.
    plan = Plan.objects.for_org(org).get(fiscal_year=year)
    assert plan.source_result == result and plan.published
    first, last = fiscal_year_bounds(year)
    measures = list(plan.measures.prefetch_related("steps").order_by("number"))
    assert len(measures) >= 3 and all(first <= m.start <= m.end <= last for m in measures)
    steps = [(s, m.end) for m in measures for s in m.steps.all()]
    assert any(s.status == StepStatus.DONE for s, _due in steps)
    assert any(s.status != StepStatus.DONE and due >= today for s, due in steps)  # due, not late
    if today.month != 10:  # on the fiscal year's first month nothing can be late yet
        assert any(s.status != StepStatus.DONE and due < today for s, due in steps)
    assert not any((m.start.month, m.end.month) == (2, 4) for m in measures)  # not the seed's months

    # This year's catalogue, about half published, through publish() (searchable, audited).
    report = readiness(org, year)
    assert len(report.items) >= 20
    assert abs(report.ready_count - len(report.items) / 2) <= 1
    out = StringIO()
    call_command("oit", "readiness", "--org", org.slug, "--year", str(year), "--format", "json", stdout=out)
    assert len(json.loads(out.getvalue())["items"]) >= 20

    # A council serving today, an open consultation, loans in progress.
    page = client.get(reverse("participation_public:index", kwargs={"org_slug": org.slug})).content.decode()
    serving = CouncilMember.objects.for_org(org).filter(term_start__lte=today, term_end__gte=today)
    assert serving.count() >= 5 and all(m.first_name in page for m in serving)
    assert Consultation.objects.for_org(org).filter(opens_on__lte=today, closes_on__gte=today).exists()
    states = set(Loan.objects.for_org(org).filter(ends_on__gte=today).values_list("state", flat=True))
    assert {"requested", "on_loan"} <= states


def _check_seed_story() -> None:
    org = Organisation.objects.get(slug="bophloi")
    seed = Result.objects.for_org(org).get(year=2564)
    assert (str(seed.reported_total), str(seed.total), seed.reported_rating) == ("79.58", "79.78", "B")
    plan = Plan.objects.for_org(org).get(fiscal_year=2565)
    # The seed's own six measures, numbered as it numbered them: 5 is the gap the coverage check names.
    assert list(plan.measures.values_list("number", flat=True)) == [1, 2, 3, 4, 6, 7]
    assert plan.source_result == seed
    assert plan.measures.get(number=1).period_th == "ก.พ.๖๕-เม.ย.๖๕"


def test_the_demo_lives_today_keeps_the_seed_and_loads_again_without_duplicates(client):
    out = StringIO()
    call_command("demo", "--format", "json", stdout=out)
    today = timezone.localdate()
    assert json.loads(out.getvalue())["fiscal_year"] == fiscal_year_of(today)
    _check_current_cycle(client, today)
    _check_seed_story()
    before = _counts()
    load_demo()
    assert _counts() == before


def test_the_demo_loaded_on_another_day_lives_in_that_day(client):
    day = date(2026, 10, 1)  # the first day of fiscal year 2570: nothing can be late yet
    moment = datetime(day.year, day.month, day.day, 10, 0, tzinfo=BANGKOK)
    with time_machine.travel(moment, tick=False):
        load_demo()
        _check_current_cycle(client, day)
        _check_seed_story()
    # Loaded again on the same database more than a year on: the new year's cycle is added.
    later = day + timedelta(days=400)
    with time_machine.travel(datetime(later.year, later.month, later.day, 10, 0, tzinfo=BANGKOK), tick=False):
        load_demo()
        _check_current_cycle(client, later)
    assert Plan.objects.filter(fiscal_year=fiscal_year_of(day)).exists()
