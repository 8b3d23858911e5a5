"""Builders for the staff survey (IIT) tests."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from prongsai.core.tests.factories import make_person, make_staff
from prongsai.participation import scoring
from prongsai.participation.models import StaffSurvey
from prongsai.thai.fiscal import fiscal_year_of

CODE = re.compile(r"\?t=([A-Z0-9]+)")


def make_staff_survey(org, title="แบบวัดการรับรู้ภายใน ๒๕๗๐", **fields) -> StaffSurvey:
    today = timezone.localdate()
    defaults = {
        "ita_year": fiscal_year_of(today),
        "opens_on": today - timedelta(days=3),
        "closes_on": today + timedelta(days=20),
    }
    return StaffSurvey.objects.create(organisation=org, title=title, **{**defaults, **fields})


def make_team(org, with_email=6, without_email=2) -> list:
    """Staff in post: some with an e-mail address, some with a login only."""
    people = [make_person(org, first=f"ครู{n}", email=f"staff{n}@example.org") for n in range(with_email)]
    for _n in range(without_email):
        make_staff(org, roles=("staff",))
    return people


def answers_for(year: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {q.code: str(rng.randrange(len(q.options))) for q in scoring.iit_questions(year)}


def answer_url(survey) -> str:
    return reverse(
        "participation_public:staff_survey",
        kwargs={"org_slug": survey.organisation.slug, "staff_survey_id": survey.pk},
    )
