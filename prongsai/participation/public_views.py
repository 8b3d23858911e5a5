"""Public pages: the council and its published minutes, consultations, "you said, we did", surveys.

Only what is meant for the public is ever queried here: published minutes, published
consultations and published comments. Nothing about a visitor is stored but the answers
they give. A signed cookie only spares a browser a second survey form; what holds floods back
is server-side (`limits.py`): proof of work on every submission and counters in the throttle cache.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404
from prongsai.core.views import public_organisation
from prongsai.participation import actions, limits, reports, scoring
from prongsai.participation.forms import CommentForm
from prongsai.participation.models import (
    CommentStatus,
    Consultation,
    ConsultationDocument,
    CouncilMember,
    Meeting,
    Survey,
    Theme,
    digest,
)

PAGE_SIZE = 25
COOKIE_AGE = 365 * 24 * 3600


def _browser_token(request, name: str) -> str:
    return request.get_signed_cookie(name, default="", salt="participation")


def _keep_token(request, response, name: str, token: str):
    response.set_signed_cookie(
        name,
        token,
        salt="participation",
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def public_index(request, org_slug):
    organisation = public_organisation(org_slug)
    today = timezone.localdate()
    members = (
        CouncilMember.objects.for_org(organisation)
        .filter(term_start__lte=today, term_end__gte=today, ended_on__isnull=True)
        .order_by("village_no", "first_name", "pk")
    )
    context = {
        "organisation": organisation,
        "page": Paginator(members, 50).get_page(request.GET.get("page")),
        "meetings": Meeting.objects.for_org(organisation)
        .filter(minutes_published_at__isnull=False)
        .order_by("-held_on")[:10],
        "consultations": Consultation.objects.for_org(organisation)
        .filter(is_published=True)
        .order_by("-opens_on")[:10],
        "surveys": Survey.objects.for_org(organisation)
        .filter(opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")[:10],
        "today": today,
    }
    return render(request, "participation/public_index.html", context)


def public_meeting(request, org_slug, meeting_id):
    organisation = public_organisation(org_slug)
    meeting = get_for_org_or_404(Meeting, organisation, pk=meeting_id, minutes_published_at__isnull=False)
    attendees = meeting.attendees.order_by("village_no", "first_name")
    return render(
        request,
        "participation/public_meeting.html",
        {"organisation": organisation, "meeting": meeting, "attendees": attendees},
    )


def public_consultation(request, org_slug, consultation_id):
    organisation = public_organisation(org_slug)
    consultation = get_for_org_or_404(Consultation, organisation, pk=consultation_id, is_published=True)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _comment_gate(consultation, request.POST)
            actions.submit_comment(
                consultation, data["body"], name=data["name"], member_code=data["member_code"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Thank you. Your comment will appear here once a moderator has read it.")
            )
            return redirect(
                "participation_public:consultation", org_slug=org_slug, consultation_id=consultation.pk
            )
    comments = (
        consultation.comments.filter(status=CommentStatus.PUBLISHED)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "form": form,
        "page": Paginator(comments, PAGE_SIZE).get_page(request.GET.get("page")),
        "themes": consultation.themes.all(),
        "documents": consultation.documents.all(),
        "is_open": consultation.is_open(),
        **limits.challenge(organisation),
    }
    return render(
        request, "participation/public_consultation.html", context, status=400 if form.errors else 200
    )


def _comment_gate(consultation, data) -> None:
    """Proof of work, then the consultation's burst limit; ValidationError with the message."""
    if not consultation.is_open():
        raise ValidationError(_("This consultation is not open for comments."))
    problem = limits.unpaid(consultation.organisation, data)
    if problem:
        raise ValidationError(problem)
    if not limits.take("comments", str(consultation.pk)):
        raise ValidationError(
            _("Too many comments in a short time. Please wait a few minutes and try again.")
        )


def public_document(request, org_slug, consultation_document_id):
    organisation = public_organisation(org_slug)
    document = get_for_org_or_404(
        ConsultationDocument, organisation, pk=consultation_document_id, consultation__is_published=True
    )
    return user_files.serve_stored(document.path, document.title)


def public_decisions(request, org_slug):
    """Every change the organisation made because of what people said."""
    organisation = public_organisation(org_slug)
    rows = (
        Theme.objects.for_org(organisation)
        .filter(consultation__is_published=True)
        .exclude(we_did="")
        .select_related("consultation")
        .order_by("-changed_on", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "participation/public_decisions.html", {"organisation": organisation, "page": page}
    )


def public_survey(request, org_slug, survey_id):
    organisation = public_organisation(org_slug)
    survey = get_for_org_or_404(Survey, organisation, pk=survey_id)
    questions = scoring.eit_questions(survey.ita_year)
    cookie = f"prongsai_survey_{survey.pk}"
    token = _browser_token(request, cookie)
    code = (request.POST.get("paper_code") or request.GET.get("code") or "").strip()[:20]
    error, typed, status = "", {}, 200
    if request.method == "POST":
        typed = scoring.clean_answers(questions, request.POST)
        try:
            _survey_gate(survey, request.POST, code)
            actions.submit_response(survey, request.POST, token=token, paper_code=code)
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(request, _("Thank you. Your answers are recorded."))
            return redirect("participation_public:survey", org_slug=org_slug, survey_id=survey.pk)
    context = {
        "organisation": organisation,
        "survey": survey,
        "questions": questions,
        "error": error,
        "typed": typed,
        "is_open": survey.is_open(),
        "answered": bool(token)
        and not survey.invitation_only
        and survey.responses.filter(token_hash=digest(f"{survey.pk}:{token}")).exists(),
        "paper_code": code,
        **limits.challenge(organisation),
    }
    response = render(request, "participation/public_survey.html", context, status=status)
    return _keep_token(request, response, cookie, token or secrets.token_urlsafe(16))


def _survey_gate(survey, data, code: str) -> None:
    """An invitation where the survey asks for one, proof of work, then the survey's burst limit."""
    if not survey.is_open():
        raise ValidationError(_("This survey is closed; answers are no longer accepted."))
    if survey.invitation_only and not code:
        raise ValidationError(_("This survey is answered by invitation: type the code from your invitation."))
    problem = limits.unpaid(survey.organisation, data)
    if problem:
        raise ValidationError(problem)
    if not limits.take("survey", str(survey.pk)):
        raise ValidationError(limits.busy())


def public_report(request, org_slug, year):
    organisation = public_organisation(org_slug)
    if not 2500 <= year <= 2700:
        raise Http404(_("Give the fiscal year in the Buddhist era, e.g. 2565."))
    data = reports.fiscal_year_report(organisation, year)
    data["consultations"] = [c for c in data["consultations"] if c.is_published]
    data["decisions"] = [d for d in data["decisions"] if d.consultation.is_published]
    return render(
        request,
        "participation/report.html",
        {"organisation": organisation, "report_org": organisation, "report": data, "public": True},
    )
