"""Staff pages: the community council, consultations and moderation, surveys, the yearly report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404
from prongsai.core.audit import record_read
from prongsai.ita.charts import bar_chart
from prongsai.ita.years import pickable_years
from prongsai.participation import actions, publishing, reports, scoring
from prongsai.participation.forms import (
    ConsultationForm,
    CouncilMemberForm,
    DocumentForm,
    MeetingForm,
    ModerationForm,
    PaperCodesForm,
    SurveyForm,
    ThemeForm,
)
from prongsai.participation.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationDocument,
    CouncilMember,
    Meeting,
    StaffSurvey,
    Survey,
    Theme,
)
from prongsai.participation.qr import qr_svg
from prongsai.thai.fiscal import fiscal_year_of

PAGE_SIZE = 25
INDICATOR_NAMES = {6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร", 8: "การปรับปรุงการทำงาน"}


def _page(request, rows, size=PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get("page"))


@login_required
@permission_required("participation.view", raise_exception=True)
def index(request):
    org = request.organisation
    context = {
        "members": CouncilMember.objects.for_org(org)
        .filter(ended_on__isnull=True, term_end__gte=timezone.localdate())
        .count(),
        "pending": Comment.objects.for_org(org).filter(status=CommentStatus.PENDING).count(),
        "consultations": Consultation.objects.for_org(org).count(),
        "surveys": Survey.objects.for_org(org).count(),
        "staff_surveys": StaffSurvey.objects.for_org(org).count(),
        "fiscal_year": fiscal_year_of(timezone.localdate()),
        "years": pickable_years(),
    }
    return render(request, "participation/index.html", context)


# --- council ---------------------------------------------------------------------------------------


@login_required
@permission_required("participation.view", raise_exception=True)
def members(request):
    rows = CouncilMember.objects.for_org(request.organisation).order_by("village_no", "first_name", "pk")
    return render(
        request, "participation/members.html", {"page": _page(request, rows), "today": timezone.localdate()}
    )


@login_required
@permission_required("participation.manage", raise_exception=True)
def member_edit(request, council_member_id=None):
    member = (
        get_for_org_or_404(CouncilMember, request.organisation, pk=council_member_id)
        if council_member_id
        else None
    )
    form = CouncilMemberForm(request.POST or None, instance=member, organisation=request.organisation)
    if member is not None and request.method == "GET":
        record_read(member, "participation.read_member_contact")
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": member.full_name})
        return redirect("participation:members")
    return render(request, "participation/member_form.html", {"form": form, "member": member})


@login_required
@permission_required("participation.manage", raise_exception=True)
def member_code(request, council_member_id):
    """Issue a personal code the member types when commenting; shown once, kept only as a hash."""
    member = get_for_org_or_404(CouncilMember, request.organisation, pk=council_member_id)
    if request.method != "POST":  # after the lookup, so another organisation's id is a 404
        return HttpResponseNotAllowed(["POST"])
    code = actions.issue_member_code(member)
    return render(request, "participation/member_code.html", {"member": member, "code": code})


@login_required
@permission_required("participation.view", raise_exception=True)
def meetings(request):
    rows = (
        Meeting.objects.for_org(request.organisation)
        .annotate(present=Count("attendees"))
        .order_by("-held_on", "-pk")
    )
    return render(request, "participation/meetings.html", {"page": _page(request, rows)})


@login_required
@permission_required("participation.manage", raise_exception=True)
def meeting_edit(request, meeting_id=None):
    meeting = get_for_org_or_404(Meeting, request.organisation, pk=meeting_id) if meeting_id else None
    form = MeetingForm(request.POST or None, instance=meeting, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting is saved."))
        return redirect("participation:meeting", meeting_id=meeting.pk)
    return render(request, "participation/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@permission_required("participation.view", raise_exception=True)
def meeting_detail(request, meeting_id):
    meeting = get_for_org_or_404(Meeting, request.organisation, pk=meeting_id)
    attendees = meeting.attendees.order_by("village_no", "first_name")
    return render(request, "participation/meeting.html", {"meeting": meeting, "attendees": attendees})


@login_required
@permission_required("participation.manage", raise_exception=True)
def meeting_publish(request, meeting_id):
    meeting = get_for_org_or_404(Meeting, request.organisation, pk=meeting_id)
    if request.method != "POST":  # after the lookup, so another organisation's id is a 404
        return HttpResponseNotAllowed(["POST"])
    publish = request.POST.get("publish") == "1"
    if publish and not meeting.minutes.strip():
        messages.error(request, _("Write the minutes before publishing them."))
    else:
        meeting.minutes_published_at = timezone.now() if publish else None
        meeting.save(update_fields=["minutes_published_at"])
        messages.success(
            request, _("The minutes are public.") if publish else _("The minutes are no longer public.")
        )
    return redirect("participation:meeting", meeting_id=meeting.pk)


# --- consultations -----------------------------------------------------------------------------------


@login_required
@permission_required("participation.view", raise_exception=True)
def consultations(request):
    rows = (
        Consultation.objects.for_org(request.organisation)
        .annotate(pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)))
        .order_by("-opens_on", "-pk")
    )
    return render(request, "participation/consultations.html", {"page": _page(request, rows)})


@login_required
@permission_required("participation.manage", raise_exception=True)
def consultation_edit(request, consultation_id=None):
    org = request.organisation
    consultation = get_for_org_or_404(Consultation, org, pk=consultation_id) if consultation_id else None
    form = ConsultationForm(request.POST or None, instance=consultation, organisation=org)
    if request.method == "POST" and form.is_valid():
        consultation = form.save()
        messages.success(request, _("The consultation is saved."))
        return redirect("participation:consultation", consultation_id=consultation.pk)
    return render(
        request, "participation/consultation_form.html", {"form": form, "consultation": consultation}
    )


def _consultation_context(request, consultation, **extra):
    comments = consultation.comments.select_related("member", "theme").order_by("status", "created_at", "pk")
    status = request.GET.get("status", CommentStatus.PENDING)
    if status in CommentStatus.values:
        comments = comments.filter(status=status)
    return {
        "consultation": consultation,
        "page": _page(request, comments),
        "status": status,
        "statuses": CommentStatus.choices,
        "themes": consultation.themes.all(),
        "documents": consultation.documents.all(),
        "document_form": extra.pop("document_form", None) or DocumentForm(),
        **extra,
    }


@login_required
@permission_required("participation.view", raise_exception=True)
def consultation_detail(request, consultation_id):
    consultation = get_for_org_or_404(Consultation, request.organisation, pk=consultation_id)
    return render(request, "participation/consultation.html", _consultation_context(request, consultation))


@login_required
@permission_required("participation.manage", raise_exception=True)
def document_add(request, consultation_id):
    consultation = get_for_org_or_404(Consultation, request.organisation, pk=consultation_id)
    if request.method != "POST":  # after the lookup, so another organisation's id is a 404
        return HttpResponseNotAllowed(["POST"])
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _consultation_context(request, consultation, document_form=form)
        return render(request, "participation/consultation.html", context, status=400)
    accepted = form.cleaned_data["file"]
    ConsultationDocument.objects.create(
        organisation=consultation.organisation,
        consultation=consultation,
        title=form.cleaned_data["title"],
        path=user_files.save(f"participation/{consultation.organisation_id}", accepted),
        content_type=accepted.kind.content_type,
    )
    messages.success(request, _("The document is attached."))
    return redirect("participation:consultation", consultation_id=consultation.pk)


@login_required
@permission_required("participation.moderate", raise_exception=True)
def comment_moderate(request, comment_id):
    comment = get_for_org_or_404(Comment, request.organisation, pk=comment_id)
    if request.method != "POST":  # after the lookup, so another organisation's id is a 404
        return HttpResponseNotAllowed(["POST"])
    form = ModerationForm(request.POST, consultation=comment.consultation)
    target = reverse("participation:consultation", kwargs={"consultation_id": comment.consultation_id})
    if not form.is_valid():
        messages.error(request, _("Choose an action for the comment."))
        return redirect(target)
    try:
        actions.moderate(
            comment,
            form.cleaned_data["action"],
            request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["theme"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The comment is now “%(status)s”.")
            % {"status": comment.__class__.objects.get(pk=comment.pk).get_status_display()},
        )
    return redirect(target)


@login_required
@permission_required("participation.manage", raise_exception=True)
def theme_edit(request, consultation_id=None, theme_id=None):
    org = request.organisation
    theme = get_for_org_or_404(Theme, org, pk=theme_id) if theme_id else None
    consultation = theme.consultation if theme else get_for_org_or_404(Consultation, org, pk=consultation_id)
    form = ThemeForm(request.POST or None, instance=theme, organisation=org)
    if request.method == "POST" and form.is_valid():
        form.instance.consultation = consultation
        form.save()
        messages.success(request, _("The answer is saved."))
        return redirect("participation:consultation", consultation_id=consultation.pk)
    return render(
        request, "participation/theme_form.html", {"form": form, "consultation": consultation, "theme": theme}
    )


# --- surveys -----------------------------------------------------------------------------------------


@login_required
@permission_required("participation.view", raise_exception=True)
def surveys(request):
    rows = (
        Survey.objects.for_org(request.organisation)
        .select_related("unit")
        .annotate(answered=Count("responses"))
        .order_by("-opens_on", "-pk")
    )
    return render(request, "participation/surveys.html", {"page": _page(request, rows)})


@login_required
@permission_required("participation.manage", raise_exception=True)
def survey_edit(request, survey_id=None):
    org = request.organisation
    survey = get_for_org_or_404(Survey, org, pk=survey_id) if survey_id else None
    form = SurveyForm(request.POST or None, instance=survey, organisation=org)
    if request.method == "POST" and form.is_valid():
        survey = form.save()
        messages.success(request, _("The survey is saved."))
        return redirect("participation:survey", survey_id=survey.pk)
    return render(request, "participation/survey_form.html", {"form": form, "survey": survey})


def indicator_chart(result: scoring.SurveyResult, title: str) -> str:
    values = [result.indicators[n] for n in scoring.EIT_INDICATORS]
    labels = [f"{n}. {INDICATOR_NAMES[n]}" for n in scoring.EIT_INDICATORS]
    return bar_chart(labels, values, title=title)


@login_required
@permission_required("participation.view", raise_exception=True)
def survey_detail(request, survey_id):
    survey = get_for_org_or_404(Survey, request.organisation, pk=survey_id)
    result = reports.survey_result(survey)
    chart = indicator_chart(result, _("Predicted EIT indicators (not official)")) if result.responses else ""
    public_url = request.build_absolute_uri(
        reverse(
            "participation_public:survey",
            kwargs={"org_slug": survey.organisation.slug, "survey_id": survey.pk},
        )
    )
    context = {"survey": survey, "result": result, "chart": chart, "public_url": public_url}
    return render(request, "participation/survey.html", context)


@login_required
@permission_required("participation.manage", raise_exception=True)
def survey_print(request, survey_id):
    """The paper form: the questions, a QR code to the online form, and single-use codes."""
    survey = get_for_org_or_404(Survey, request.organisation, pk=survey_id)
    form = PaperCodesForm(request.POST or None)
    codes = (
        actions.issue_paper_codes(survey, form.cleaned_data["count"])
        if request.method == "POST" and form.is_valid()
        else []
    )
    public_url = request.build_absolute_uri(
        reverse(
            "participation_public:survey",
            kwargs={"org_slug": survey.organisation.slug, "survey_id": survey.pk},
        )
    )
    context = {
        "survey": survey,
        "form": form,
        "codes": codes,
        # An invitation: the code and a QR code that opens the online form with it filled in.
        "invitations": [(c, qr_svg(f"{public_url}?code={c}")) for c in codes if survey.invitation_only],
        "questions": scoring.eit_questions(survey.ita_year),
        "qr": qr_svg(public_url),
        "public_url": public_url,
    }
    return render(request, "participation/survey_print.html", context)


@login_required
@permission_required("participation.manage", raise_exception=True)
def survey_paper_entry(request, survey_id):
    """Type in one paper form, identified by the single-use code printed on it."""
    survey = get_for_org_or_404(Survey, request.organisation, pk=survey_id)
    questions = scoring.eit_questions(survey.ita_year)
    error, typed = "", {}
    if request.method == "POST":
        typed = scoring.clean_answers(questions, request.POST)
        try:
            actions.submit_response(
                survey, request.POST, paper_code=request.POST.get("paper_code", ""), allow_closed=True
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The paper form is recorded."))
            return redirect("participation:survey_paper", survey_id=survey.pk)
    context = {
        "survey": survey,
        "questions": questions,
        "error": error,
        "typed": typed,
        "code": request.POST.get("paper_code", ""),
    }
    return render(request, "participation/survey_paper.html", context, status=400 if error else 200)


@login_required
@permission_required("participation.view", raise_exception=True)
def survey_results(request):
    """Predicted EIT indicators per unit and per service, over all surveys."""
    by_unit = reports.results_by(request.organisation, "unit")
    by_service = reports.results_by(request.organisation, "service")
    charts = [(g.label, indicator_chart(g.result, g.label)) for g in by_unit]
    return render(
        request,
        "participation/survey_results.html",
        {"by_unit": by_unit, "by_service": by_service, "charts": charts},
    )


@require_POST
@login_required
@permission_required("participation.manage", raise_exception=True)
def publish_report(request, year):
    """One action: the year's public report becomes the OIT participation item's publication."""
    try:
        publication = publishing.publish_report(request.organisation, year, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Published to the disclosure portal: %(title)s") % {"title": publication.title}
        )
    return redirect("participation:report", year=year)


@login_required
@permission_required("participation.view", raise_exception=True)
def report(request, year):
    if not 2500 <= year <= 2700:
        raise Http404(_("Give the fiscal year in the Buddhist era, e.g. 2565."))
    data = reports.fiscal_year_report(request.organisation, year)
    return render(
        request,
        "participation/report.html",
        {"report": data, "public": False, "report_org": request.organisation},
    )
