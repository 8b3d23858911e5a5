"""Complaint centre pages: public intake and follow-up (no account), officers' case handling.

Public pages carry strict headers (headers.py), read no address or agent, and take the receipt
code only in POST bodies. Staff pages check `complaints.handle_cases` with `rules.has_perm`
(no superuser shortcut), scope rows to the organisation, and exclude officers in conflict.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.complaints import actions, listing, pow, receipts, stats, throttle
from prongsai.complaints.channel import complainant_page
from prongsai.complaints.forms import (
    AssignForm,
    FileRequestForm,
    FilterForm,
    FollowForm,
    IntakeForm,
    NoteForm,
    OfficerMessageForm,
    ReplyForm,
    TransitionForm,
    intake_fields_html,
)
from prongsai.complaints.models import Attachment, Complaint
from prongsai.core import files as user_files
from prongsai.core import sheets
from prongsai.core.access import get_for_org_or_404
from prongsai.core.audit import record_read
from prongsai.core.views import public_organisation
from prongsai.ita.years import pickable_years

PAGE_SIZE = 25


# ----- public: intake ---------------------------------------------------------------------------


def _busy(request, organisation, template="complaints/busy.html"):
    response = render(request, template, {"organisation": organisation}, status=429)
    response["Retry-After"] = "600"
    return response


@complainant_page
def public_index(request, org_slug):
    """The intake form; on success the receipt page, shown once (no redirect, nothing in the URL)."""
    organisation = public_organisation(org_slug)
    form = IntakeForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = pow.check(data["pow_challenge"], data["pow_counter"], organisation.pk)
        if problem is None:
            return _accept(request, organisation, form)
        form.add_error(None, _pow_message(problem))
    challenge = pow.new_challenge(organisation.pk)
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["pow_challenge"], form.data["pow_counter"] = challenge, ""
    else:
        form.initial.update({"pow_challenge": challenge})
    context = {
        "organisation": organisation,
        "form": form,
        "fields_html": intake_fields_html(form),
        "pow_bits": pow.challenge_bits(challenge),
    }
    return render(request, "complaints/intake.html", context, status=400 if form.is_bound else 200)


def _pow_message(problem: str) -> str:
    if problem == "unpaid":
        return _(
            "Please check the form and send it again in a few seconds (this protects the centre from "
            "automatic submissions)."
        )
    return _("The form has expired or was already sent; please send it again.")


def _accept(request, organisation, form):
    data = form.cleaned_data
    submission = actions.Submission(
        category=data["category"],
        concerned=data["concerned"],
        when_where=data["when_where"],
        description=data["description"],
        unit_concerned=data["unit_concerned"],
        name=data["name"],
        contact=data["contact"],
    )
    complaint, code = actions.submit(organisation, submission, data["files"])
    context = {"organisation": organisation, "complaint": complaint, "code": code}
    return render(request, "complaints/receipt.html", context)


@complainant_page
def public_receipt_file(request, org_slug):
    """The receipt code as a small text file (POST, so the code is never in a URL or a log)."""
    organisation = public_organisation(org_slug)
    form = FollowForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("complaints_public:follow", org_slug=organisation.slug)
    follow_url = request.build_absolute_uri(
        reverse("complaints_public:follow", kwargs={"org_slug": org_slug})
    )
    text = "\r\n".join(
        [
            organisation.name_th,
            _("Complaint centre"),
            "",
            _("Receipt code: %(code)s") % {"code": form.cleaned_data["code"]},
            "",
            _("Keep this code secret. With it you can follow your complaint at:"),
            follow_url,
            "",
        ]
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="receipt.txt"'
    return response


# ----- public: follow-up with the receipt code --------------------------------------------------


def _open_case(request, organisation, code: str) -> tuple[Complaint | None, HttpResponse | None]:
    """The case this code opens, or a response: throttled (429) or a generic refusal.

    Wrong codes are counted per look-up bucket only: guessing in one bucket closes that bucket
    for a while, never the follow-up of the organisation's other complainants."""
    bucket = receipts.lookup_id(organisation.pk, code)
    if throttle.exceeded("lookup_fail_bucket", bucket):
        return None, _busy(request, organisation)
    complaint = actions.find_by_receipt(organisation, code)
    if complaint is None:
        throttle.hit("lookup_fail_bucket", bucket)
    return complaint, None


def _refused(request, organisation, form):
    form.add_error(None, _("No complaint matches this receipt code. Check the code and try again."))
    return render(request, "complaints/follow.html", {"organisation": organisation, "form": form}, status=400)


def _case_page(request, organisation, complaint, code, reply_form=None, status=200):
    context = {
        "organisation": organisation,
        "complaint": complaint,
        "code": code,
        "messages_list": complaint.messages.prefetch_related("files").all(),
        "first_files": complaint.attachments.filter(message__isnull=True).defer("data_enc"),
        "reply_form": reply_form or ReplyForm(initial={"code": code}),
    }
    return render(request, "complaints/case_public.html", context, status=status)


@complainant_page
def public_follow(request, org_slug):
    organisation = public_organisation(org_slug)
    form = FollowForm(request.POST or None)
    if request.method != "POST":
        return render(request, "complaints/follow.html", {"organisation": organisation, "form": form})
    if not form.is_valid():
        return render(
            request, "complaints/follow.html", {"organisation": organisation, "form": form}, status=400
        )
    complaint, refusal = _open_case(request, organisation, form.cleaned_data["code"])
    if refusal or complaint is None:
        return refusal or _refused(request, organisation, form)
    return _case_page(request, organisation, complaint, form.cleaned_data["code"])


@complainant_page
def public_reply(request, org_slug):
    organisation = public_organisation(org_slug)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return redirect("complaints_public:follow", org_slug=organisation.slug)
    code_form = FollowForm(request.POST)
    if not code_form.is_valid():
        return render(
            request, "complaints/follow.html", {"organisation": organisation, "form": code_form}, status=400
        )
    code = code_form.cleaned_data["code"]
    complaint, refusal = _open_case(request, organisation, code)
    if refusal or complaint is None:
        return refusal or _refused(request, organisation, code_form)
    if not form.is_valid():
        return _case_page(request, organisation, complaint, code, reply_form=form, status=400)
    actions.complainant_message(complaint, form.cleaned_data["body"], form.cleaned_data["files"])
    response = _case_page(request, organisation, complaint, code)
    return response


@complainant_page
def public_file(request, org_slug):
    """A file of the complainant's own case, fetched with the receipt code in the POST body."""
    organisation = public_organisation(org_slug)
    form = FileRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("complaints_public:follow", org_slug=organisation.slug)
    complaint, refusal = _open_case(request, organisation, form.cleaned_data["code"])
    if refusal or complaint is None:
        return refusal or _refused(request, organisation, FollowForm(request.POST))
    attachment = complaint.attachments.filter(pk=form.cleaned_data["attachment"]).first()
    if attachment is None:
        return _case_page(request, organisation, complaint, form.cleaned_data["code"], status=404)
    return _file_response(attachment)


def _file_response(attachment: Attachment) -> HttpResponse:
    response = user_files.serve(attachment.content(), f"file-{attachment.pk}", as_attachment=True)
    response["Cache-Control"] = "no-store"
    return response


# ----- public: statistics -----------------------------------------------------------------------


def _fiscal_year(request):
    try:
        return int(request.GET["fy"])
    except (KeyError, ValueError):
        return None


def public_statistics(request, org_slug):
    organisation = public_organisation(org_slug)
    data = stats.statistics(organisation, _fiscal_year(request))
    counted = {int(row.label): row.value for row in data.years}
    years = [(y, counted.get(y, 0)) for y in sorted(set(pickable_years()) | counted.keys(), reverse=True)]
    context = {"organisation": organisation, "stats": data, "years": years}
    return render(request, "complaints/statistics.html", context)


def public_statistics_csv(request, org_slug):
    organisation = public_organisation(org_slug)
    data = stats.statistics(organisation, _fiscal_year(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="complaints-{data.fiscal_year}.csv"'
    response.write("\ufeff")
    writer = sheets.CsvWriter(response)  # labels are escaped against formula injection
    writer.writerow(["fiscal_year", "dimension", "label", "count"])
    for dimension, rows in (
        ("category", data.by_category),
        ("state", data.by_state),
        ("month", data.by_month),
    ):
        for row in rows:
            writer.writerow([data.fiscal_year, dimension, row.label, row.value])
    for row in data.time_to_close:  # a stable code, not the translated label, for machines
        writer.writerow([data.fiscal_year, "time_to_close", row.code, row.value])
    writer.writerow([data.fiscal_year, "total", "", data.total])
    if data.rounded_to:  # counts of this year are rounded (stats.py): say so to machines too
        writer.writerow([data.fiscal_year, "rounded_to", "", data.rounded_to])
    return response


# ----- officers ---------------------------------------------------------------------------------


def _officer(request):
    if not rules.has_perm("complaints.handle_cases", request.user):
        raise PermissionDenied(_("Only officers of the complaint centre can see complaints."))


def _case_for(request, complaint_id) -> Complaint:
    _officer(request)
    complaint = get_for_org_or_404(Complaint, request.organisation, pk=complaint_id)
    actions.require_handler(request.user, complaint)
    return complaint


@login_required
def index(request):
    if not rules.has_perm("complaints.handle_cases", request.user) and rules.has_perm(
        "complaints.see_centre", request.user
    ):
        return redirect("complaints:late")  # the head without the officer role: the centre's own view
    _officer(request)
    form = FilterForm(request.GET or None)
    today = timezone.localdate()
    chosen = form.cleaned_data if form.is_valid() else {}
    cases = listing.visible_cases(
        request.user,
        request.organisation,
        state=chosen.get("state", ""),
        category=chosen.get("category", ""),
        overdue_on=today if chosen.get("overdue") else None,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "today": today}
    return render(request, "complaints/index.html", context)


@login_required
def complaint(request, complaint_id):
    case = _case_for(request, complaint_id)
    record_read(case, "complaints.read_case")
    officers = actions.officers_of(request.organisation)
    excluded = actions.conflicts(case, officers)
    context = {
        "case": case,
        "identity": actions.identity(case),
        "transitions": case.transitions.select_related("actor__person"),
        "messages_list": case.messages.select_related("author__person").prefetch_related("files"),
        "notes": case.notes.select_related("author__person"),
        "first_files": case.attachments.filter(message__isnull=True).defer("data_enc"),
        "excluded": [(o, excluded[o.pk]) for o in officers if o.pk in excluded],
        "transition_form": TransitionForm(state=case.state),
        "assign_form": AssignForm(
            choices=_officer_choices(officers, excluded), initial={"officer": case.assigned_to_id}
        ),
        "message_form": OfficerMessageForm(),
        "note_form": NoteForm(),
        "today": timezone.localdate(),
    }
    return render(request, "complaints/complaint.html", context)


def _officer_choices(officers, excluded):
    return [(o.pk, str(o.person)) for o in officers if o.pk not in excluded]


def _back(case):
    return redirect("complaints:complaint", complaint_id=case.pk)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def complaint_transition(request, complaint_id):
    case = _case_for(request, complaint_id)
    form = TransitionForm(request.POST or None, state=case.state)
    if request.method != "POST":
        return _back(case)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    try:
        actions.transition(
            case,
            form.cleaned_data["action"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            agency=form.cleaned_data["agency"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case has moved on."))
    return _back(case)


@login_required
def complaint_assign(request, complaint_id):
    case = _case_for(request, complaint_id)
    officers = actions.officers_of(request.organisation)
    form = AssignForm(request.POST or None, choices=[(o.pk, str(o.person)) for o in officers])
    if request.method != "POST":
        return _back(case)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    officer = next((o for o in officers if o.pk == form.cleaned_data["officer"]), None)
    try:
        actions.assign(case, officer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assignment is saved."))
    return _back(case)


@login_required
def complaint_message(request, complaint_id):
    case = _case_for(request, complaint_id)
    form = OfficerMessageForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _back(case)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    actions.officer_message(case, form.cleaned_data["body"], form.cleaned_data["files"], by=request.user)
    messages.success(request, _("The message is sent; the complainant sees it with the receipt code."))
    return _back(case)


@login_required
def complaint_note(request, complaint_id):
    case = _case_for(request, complaint_id)
    form = NoteForm(request.POST or None)
    if request.method != "POST":
        return _back(case)
    if form.is_valid():
        actions.add_note(case, form.cleaned_data["body"], by=request.user)
        messages.success(request, _("The note is saved."))
    else:
        _form_errors(request, form)
    return _back(case)


@login_required
def attachment(request, attachment_id):
    _officer(request)
    item = get_for_org_or_404(Attachment, request.organisation, pk=attachment_id)
    actions.require_handler(request.user, item.complaint)
    record_read(item, "complaints.read_file")
    return _file_response(item)
