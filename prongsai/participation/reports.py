"""Survey results by unit and service, and the yearly participation report (OIT participation item).

Fiscal year (ปีงบประมาณ) Y runs 1 Oct Y-1 to 30 Sep Y in Buddhist era years; a survey belongs to
the fiscal year its responses were submitted in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from prongsai.core.models import Organisation
from prongsai.participation import scoring
from prongsai.participation.models import (
    Comment,
    CommentStatus,
    Consultation,
    CouncilMember,
    Meeting,
    Survey,
    SurveyResponse,
    Theme,
)
from prongsai.thai.fiscal import fiscal_year_bounds


def survey_result(survey: Survey) -> scoring.SurveyResult:
    answers = (
        SurveyResponse.objects.for_org(survey.organisation)
        .filter(survey=survey)
        .values_list("answers", flat=True)
    )
    return scoring.score(scoring.eit_questions(survey.ita_year), answers.iterator())


@dataclass(frozen=True)
class GroupResult:
    label: str
    result: scoring.SurveyResult


def results_by(
    organisation: Organisation, field: str, start: date | None = None, end: date | None = None
) -> list[GroupResult]:
    """Predicted indicators per unit (`field="unit"`) or per service, over every survey's responses."""
    key = "survey__unit__name_th" if field == "unit" else "survey__service"
    rows = SurveyResponse.objects.for_org(organisation)
    if start and end:
        rows = rows.filter(submitted_on__range=(start, end))
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for label, year, answers in rows.values_list(key, "survey__ita_year", "answers").iterator():
        groups[(label or "—", year)].append(answers)
    return [
        GroupResult(label, scoring.score(scoring.eit_questions(year), answers))
        for (label, year), answers in sorted(groups.items())
    ]


def fiscal_year_report(organisation: Organisation, fiscal_year: int) -> dict:
    """Counts and lists of one fiscal year's participation, for the printable report."""
    start, end = fiscal_year_bounds(fiscal_year)
    meetings = (
        Meeting.objects.for_org(organisation)
        .filter(held_on__range=(start, end))
        .annotate(present=Count("attendees"))
    )
    consultations = (
        Consultation.objects.for_org(organisation)
        .filter(opens_on__lte=end, closes_on__gte=start)
        .annotate(
            published=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED), distinct=True),
            received=Count("comments", distinct=True),
        )
    )
    decisions = (
        Theme.objects.for_org(organisation)
        .filter(changed_on__range=(start, end))
        .exclude(we_did="")
        .select_related("consultation")
    )
    members = CouncilMember.objects.for_org(organisation).filter(term_start__lte=end, term_end__gte=start)
    return {
        "fiscal_year": fiscal_year,
        "start": start,
        "end": end,
        "members": members.exclude(ended_on__lt=start).count(),
        "meetings": list(meetings.order_by("held_on")),
        "consultations": list(consultations.order_by("opens_on")),
        "comments": Comment.objects.for_org(organisation)
        .filter(created_at__date__range=(start, end))
        .count(),
        "decisions": list(decisions.order_by("changed_on")),
        "surveys": results_by(organisation, "service", start, end),
        "responses": SurveyResponse.objects.for_org(organisation)
        .filter(submitted_on__range=(start, end))
        .count(),
    }
