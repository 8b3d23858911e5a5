"""Pages of the internal staff survey (IIT): staff pages under /staff/participation/iit/, and the
answer page a staff member opens from an invitation (/<org>/participation/iit/<id>/?t=CODE).

The answer page needs no login: the invitation code is the key, so nothing ties a login to the
answers. The rules are in `iit.py` and `iit_analysis.py`; these views only call them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core.access import get_for_org_or_404
from prongsai.core.views import public_organisation
from prongsai.ita.charts import bar_chart
from prongsai.participation import iit, iit_analysis, scoring
from prongsai.participation.iit_forms import AnswerForm, PolicyForm, StaffSurveyForm
from prongsai.participation.models import InvitationChannel, StaffSurvey, StaffSurveyPolicy
from prongsai.participation.qr import qr_svg


def _policy_form(request, data=None) -> PolicyForm:
    org = request.organisation
    instance = StaffSurveyPolicy.objects.for_org(org).first()
    return PolicyForm(data, instance=instance, organisation=org)


@login_required
@permission_required("participation.view", raise_exception=True)
def staff_surveys(request):
    org = request.organisation
    rows = (
        StaffSurvey.objects.for_org(org)
        .annotate(answered=Count("responses", distinct=True), invited=Count("invitations", distinct=True))
        .order_by("-opens_on", "-pk")
    )
    context = {"surveys": rows, "needed": iit.threshold(org), "policy_form": _policy_form(request)}
    return render(request, "participation/iit_list.html", context)


@require_POST
@login_required
@permission_required("participation.manage", raise_exception=True)
def staff_survey_policy(request):
    form = _policy_form(request, request.POST)
    if form.is_valid():
        form.save()
        messages.success(
            request, _("Saved: results are shown from %(n)s answers.") % {"n": form.instance.min_respondents}
        )
        return redirect("participation:staff_surveys")
    org = request.organisation
    context = {
        "surveys": StaffSurvey.objects.for_org(org).none(),
        "needed": iit.threshold(org),
        "policy_form": form,
    }
    return render(request, "participation/iit_list.html", context, status=400)


@login_required
@permission_required("participation.manage", raise_exception=True)
def staff_survey_edit(request, staff_survey_id=None):
    org = request.organisation
    survey = get_for_org_or_404(StaffSurvey, org, pk=staff_survey_id) if staff_survey_id else None
    form = StaffSurveyForm(request.POST or None, instance=survey, organisation=org)
    if request.method == "POST" and form.is_valid():
        survey = form.save()
        messages.success(request, _("The survey is saved."))
        return redirect("participation:staff_survey", staff_survey_id=survey.pk)
    return render(
        request,
        "participation/iit_form.html",
        {"form": form, "survey": survey},
        status=400 if form.errors else 200,
    )


def indicator_chart(prediction: iit.Prediction, title: str) -> str:
    codes = sorted(prediction.indicators)
    return bar_chart([str(c) for c in codes], [prediction.indicators[c] for c in codes], title=title)


@login_required
@permission_required("participation.view", raise_exception=True)
def staff_survey_detail(request, staff_survey_id):
    survey = get_for_org_or_404(StaffSurvey, request.organisation, pk=staff_survey_id)
    prediction = iit.survey_prediction(survey)
    chart = (
        indicator_chart(prediction, _("Predicted IIT indicators (not official)")) if prediction.shown else ""
    )
    context = {
        "survey": survey,
        "prediction": prediction,
        "chart": chart,
        "invited": survey.invitations.count(),
        "waiting": iit.not_invited(survey).count(),
        "questions_year": prediction.questions_year,
    }
    return render(request, "participation/iit_detail.html", context)


@login_required
@permission_required("participation.manage", raise_exception=True)
def staff_survey_invite(request, staff_survey_id):
    """E-mail a token to everyone not yet invited who has an address, or print slips for the rest."""
    survey = get_for_org_or_404(StaffSurvey, request.organisation, pk=staff_survey_id)
    people = list(iit.not_invited(survey))
    with_address = [p for p in people if iit.address_of(p)]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "email":
            count = iit.invite_by_email(survey, with_address)
            messages.success(
                request, _("%(n)s invitations will be e-mailed in the background.") % {"n": count}
            )
            return redirect("participation:staff_survey", staff_survey_id=survey.pk)
        if action == "slips":
            chosen = (
                people if request.POST.get("who") == "all" else [p for p in people if not iit.address_of(p)]
            )
            tokens = iit.issue_slips(survey, chosen)
            slips = [(iit.spaced(t), qr_svg(iit.answer_url(survey, t))) for t in tokens]
            context = {"survey": survey, "slips": slips, "url": iit.answer_url(survey), "names": chosen}
            return render(request, "participation/iit_slips.html", context)
        messages.error(request, _("Choose how to send the invitations."))
    context = {
        "survey": survey,
        "with_address": with_address,
        "without_address": [p for p in people if not iit.address_of(p)],
        "undelivered": survey.invitations.filter(channel=InvitationChannel.EMAIL, sent=False).count(),
        "invited": survey.invitations.select_related("person").order_by("person__first_name", "person__pk"),
    }
    return render(request, "participation/iit_invite.html", context)


@login_required
@permission_required("participation.view", raise_exception=True)
def staff_survey_analysis(request, staff_survey_id):
    survey = get_for_org_or_404(StaffSurvey, request.organisation, pk=staff_survey_id)
    result = iit_analysis.analyse(survey)
    can_read = request.user.has_perm("participation.read_staff_remarks")
    context = {
        "survey": survey,
        "analysis": result,
        "prediction": result.prediction,
        "remarks": iit.remarks(survey) if can_read else [],
        "can_read_remarks": can_read,
        "fiscal_year": survey.ita_year,
    }
    return render(request, "participation/iit_analysis.html", context)


# --- the answer page (public: the invitation code is the key) -----------------------------------------


def staff_survey_answer(request, org_slug, staff_survey_id):
    organisation = public_organisation(org_slug)
    survey = get_for_org_or_404(StaffSurvey, organisation, pk=staff_survey_id)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    questions = scoring.iit_questions(survey.ita_year)
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data, organisation=organisation, initial={"t": request.GET.get("t", "")[:40]})
    typed, error, status = {}, "", 200
    token = (request.POST.get("t") if data is not None else request.GET.get("t")) or ""
    state = iit.token_state(survey, token) if token.strip() else ""
    if data is not None:
        typed = scoring.clean_answers(questions, request.POST)
        if form.is_valid():
            try:
                iit.submit(
                    survey, form.cleaned_data["t"], request.POST,
                    comment=form.cleaned_data["comment"], unit=form.cleaned_data["unit"],
                )  # fmt: skip
            except iit.TokenRefused as exc:
                error, status = " ".join(exc.messages), exc.status
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 400
            else:
                return render(
                    request, "participation/iit_thanks.html", {"organisation": organisation, "survey": survey}
                )
        else:
            error, status = _("Type the invitation code from your e-mail or slip."), 400
    elif state in ("used", "unknown"):
        refusal = iit.refusal(state)
        error, status = " ".join(refusal.messages), refusal.status
    context = {
        "organisation": organisation,
        "survey": survey,
        "form": form,
        "sections": _sections(questions),
        "all_unverified": bool(questions) and all(q.unverified for q in questions),
        "typed": typed,
        "error": error,
        "refused": status in (403, 409),
        "is_open": survey.is_open(),
    }
    return render(request, "participation/iit_answer.html", context, status=status)


def _sections(questions) -> list[tuple[int, str, list]]:
    """Questions grouped as the form shows them: (number, question text, [answer rows])."""
    sections: list[tuple[int, str, list]] = []
    seen: dict[str, int] = {}
    for q in questions:
        if q.question_code not in seen:
            seen[q.question_code] = len(sections)
            sections.append((len(sections) + 1, q.parent_text_th or q.text_th, []))
        sections[seen[q.question_code]][2].append(q)
    return sections
