"""Property pages: the register, usage rules, borrowing and its steps, reports, public statistics.

Binary outputs (label PDF, photo, rules PDF) are asked for with an explicit `?pdf=1`/`?raw=1`,
so the plain address of every page is an HTML page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import audit, jobs
from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404
from prongsai.core.models import Job
from prongsai.core.views import public_organisation
from prongsai.ita.years import pickable_years
from prongsai.property import actions, labels, publishing, register, reports, stocktake, tasks
from prongsai.property.forms import (
    HandOverForm,
    ImportForm,
    ItemForm,
    LoanRequestForm,
    PhotoForm,
    RefuseForm,
    ReturnForm,
    RulesForm,
)
from prongsai.property.models import (
    BORROWABLE,
    Asset,
    AssetPhoto,
    Category,
    ItemStatus,
    Loan,
    LoanItem,
    Stocktake,
    StocktakeLine,
    UsageRules,
)
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

PAGE_SIZE = 25


def _items(request):
    items = Asset.objects.for_org(request.organisation).select_related("unit", "custodian")
    query = request.GET.get("q", "").strip()
    items = register.search(items, query)
    if request.GET.get("category") in Category.values:
        items = items.filter(category=request.GET["category"])
    if request.GET.get("status") in ItemStatus.values:
        items = items.filter(status=request.GET["status"])
    return items, query


@login_required
@permission_required("property.view_register", raise_exception=True)
def index(request):
    """The register, searchable by code in Thai or Arabic digits, by name or by location."""
    items, query = _items(request)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "query": query, "categories": Category.choices, "statuses": ItemStatus.choices,
        "rules": actions.current_rules(request.organisation),
    }  # fmt: skip
    return render(request, "property/index.html", context)


@login_required
@permission_required("property.view_register", raise_exception=True)
def item_detail(request, asset_id):
    item = get_for_org_or_404(Asset, request.organisation, pk=asset_id)
    today = timezone.localdate()
    history = reports.item_history(item)
    context = {
        "item": item,
        "photos": item.photos.all(),
        "upcoming": [h for h in history if h.holding and h.ends_on >= today],
        "page": Paginator(history, PAGE_SIZE).get_page(request.GET.get("page")),
        "photo_form": PhotoForm(),
        "can_manage": request.user.has_perm("property.manage_register"),
    }
    return render(request, "property/item_detail.html", context)


@login_required
@permission_required("property.manage_register", raise_exception=True)
def item_edit(request, asset_id=None):
    item = get_for_org_or_404(Asset, request.organisation, pk=asset_id) if asset_id else None
    form = ItemForm(request.POST or None, instance=item, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("Saved %(item)s.") % {"item": item})
        return redirect(item)
    return render(request, "property/item_form.html", {"form": form, "item": item})


@login_required
@permission_required("property.manage_register", raise_exception=True)
def photo_add(request, asset_id):
    item = get_for_org_or_404(Asset, request.organisation, pk=asset_id)
    if request.method != "POST":  # after the lookup, so another organisation's id is a 404
        return HttpResponseNotAllowed(["POST"])
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        accepted = form.cleaned_data["image"]
        AssetPhoto.objects.create(
            organisation=item.organisation, item=item, image=accepted.as_file(),
            content_type=accepted.kind.content_type, caption=form.cleaned_data["caption"],
        )  # fmt: skip
        messages.success(request, _("The photo is added."))
    else:
        for error in form.errors.get("image", []):
            messages.error(request, error)
    return redirect(item)


@login_required
@permission_required("property.view_register", raise_exception=True)
def item_photo(request, asset_photo_id):
    photo = get_for_org_or_404(AssetPhoto, request.organisation, pk=asset_photo_id)
    if request.GET.get("raw"):
        return user_files.serve_stored(photo.image.name, photo.caption or photo.item.name)
    return render(request, "property/photo.html", {"photo": photo, "item": photo.item})


@login_required
@permission_required("property.manage_register", raise_exception=True)
def label_sheet(request):
    """QR labels of the register (or of the search shown), one A4 PDF."""
    items, query = _items(request)
    if request.GET.get("pdf"):
        response = HttpResponse(labels.label_sheet_pdf(list(items)), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="property-labels.pdf"'
        return response
    return render(request, "property/labels.html", {"count": items.count(), "query": query})


@login_required
@permission_required("property.manage_register", raise_exception=True)
def import_register(request):
    """The file is checked and saved by a background job; its page shows the outcome."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.start(tasks.import_register, kind="property.import", payload={"filename": upload.name},
                         upload=upload, organisation=request.organisation, user=request.user)  # fmt: skip
        return redirect("property:import_job", job_id=job.pk)
    return render(request, "property/import.html", {"form": form})


@login_required
@permission_required("property.manage_register", raise_exception=True)
def import_job(request, job_id):
    job = get_object_or_404(Job.objects.for_org(request.organisation), pk=job_id, kind="property.import")
    template = "property/_import_job.html" if request.htmx else "property/import_job.html"
    return render(request, template, {"job": job})


# Usage rules -------------------------------------------------------------------------------------


@login_required
@permission_required("property.view_register", raise_exception=True)
def rules_list(request):
    versions = UsageRules.objects.for_org(request.organisation)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "property/rules_list.html", {"page": page})


@login_required
@permission_required("property.manage_rules", raise_exception=True)
def rules_new(request):
    """A new version becomes the current one; borrowers then acknowledge it."""
    current = actions.current_rules(request.organisation)
    initial = {"title": current.title, "text": current.text} if current else {}
    form = RulesForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            rules = form.save(commit=False)
            latest = UsageRules.objects.for_org(request.organisation).aggregate(v=Max("version"))["v"] or 0
            audit.update_rows(
                UsageRules.objects.for_org(request.organisation).filter(is_current=True), is_current=False
            )
            rules.organisation, rules.version, rules.is_current = request.organisation, latest + 1, True
            rules.published, rules.created_by = bool(current and current.published), request.user
            rules.save()
        messages.success(
            request, _("Version %(v)s of the usage rules is now current.") % {"v": rules.version}
        )
        return redirect("property:rules_detail", usage_rules_id=rules.pk)
    return render(request, "property/rules_form.html", {"form": form})


@login_required
@permission_required("property.view_register", raise_exception=True)
def rules_detail(request, usage_rules_id):
    rules = get_for_org_or_404(UsageRules, request.organisation, pk=usage_rules_id)
    if request.GET.get("pdf"):
        return _pdf(rules)
    return render(request, "property/rules_detail.html", {"rules": rules})


def _pdf(rules: UsageRules) -> HttpResponse:
    if not rules.pdf:
        raise Http404(_("This version has no PDF."))
    return user_files.serve_stored(rules.pdf.name, f"property-rules-{rules.version}")


@login_required
@permission_required("property.manage_rules", raise_exception=True)
def rules_publish(request, usage_rules_id):
    rules = get_for_org_or_404(UsageRules, request.organisation, pk=usage_rules_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    rules.published = request.POST.get("published") == "1"
    rules.save(update_fields=["published"])
    if rules.published:
        messages.success(request, _("The usage rules are published on the public site."))
        try:
            publishing.publish_rules(rules, timezone.localdate(), user=request.user)
        except ValueError as exc:  # e.g. no ITA framework yet for this fiscal year
            messages.warning(request, _("Not listed on the disclosure portal: %(why)s") % {"why": exc})
        else:
            messages.success(request, _("Listed on the disclosure portal under the work manuals item."))
    else:
        messages.info(request, _("The usage rules are withdrawn from the public site."))
    return redirect("property:rules_detail", usage_rules_id=rules.pk)


# Loans -------------------------------------------------------------------------------------------


def _request_items(request):
    """Borrowable items offered on the form: those chosen (?item=…) plus a search (?q=…)."""
    base = Asset.objects.for_org(request.organisation).filter(status__in=BORROWABLE).select_related("unit")
    if request.method == "POST":
        return base.filter(pk__in=[p for p in request.POST.getlist("items") if p.isdigit()])
    chosen = [p for p in request.GET.getlist("item") if p.isdigit()]
    query = request.GET.get("q", "").strip()
    found = register.search(base, query).values_list("pk", flat=True)[:20] if query else []
    return base.filter(pk__in=[*chosen, *found])


@login_required
@permission_required("property.borrow", raise_exception=True)
def loan_request(request):
    """Ask to borrow one or more items; a clash is refused with the next free days shown."""
    borrower = actions.person_of(request.user)
    rules = actions.current_rules(request.organisation)
    if borrower is None:
        raise PermissionDenied(_("Only people in the structure may borrow."))
    today = timezone.localdate()
    initial = {"starts_on": today, "ends_on": today, "rules_version": rules.version if rules else None}
    initial["items"] = [p for p in request.GET.getlist("item") if p.isdigit()]
    form = LoanRequestForm(request.POST or None, items=_request_items(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = actions.request_loan(
                borrower, list(data["items"]), starts_on=data["starts_on"], ends_on=data["ends_on"],
                purpose=data["purpose"], destination=data["destination"], today=today,
                rules_version=data["rules_version"],
            )  # fmt: skip
        except actions.LoanError as exc:
            conflict = getattr(exc, "next_free", None)
            form.add_error(None, exc)
        else:
            _notify_approvers(request, loan)
            messages.success(request, _("Your request %(no)s is sent for approval.") % {"no": loan.pk})
            return redirect(loan)
    context = {
        "form": form, "rules": rules, "conflict": conflict, "query": request.GET.get("q", ""),
        "chosen": [p for p in request.GET.getlist("item") if p.isdigit()],
    }  # fmt: skip
    return render(request, "property/loan_request.html", context)


def _notify_approvers(request, loan: Loan) -> None:
    from prongsai.core.models import User
    from prongsai.core.notifications import notify

    head = actions.stand_in(loan) or actions.first_level_approver(loan)
    users = User.objects.filter(person__position=head).exclude(person=loan.borrower) if head else []
    title = _("Loan request %(no)s from %(name)s waits for your approval.") % {
        "no": loan.pk, "name": loan.borrower.full_name,
    }  # fmt: skip
    notify(loan.organisation, users, title, url=loan.get_absolute_url(), kind="property.request")


@login_required
@permission_required("property.borrow", raise_exception=True)
def loans(request):
    """My loans, and the loans waiting for a step of mine."""
    person = actions.person_of(request.user)
    org_loans = Loan.objects.for_org(request.organisation).select_related("borrower", "unit")
    mine = org_loans.filter(borrower=person) if person else org_loans.none()
    open_loans = org_loans.filter(state__in=actions.OPEN).exclude(borrower=person).order_by("starts_on")
    waiting = actions.waiting_for(request.user, list(open_loans[:200]))
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "property/loans.html", {"page": page, "waiting": waiting, "today": timezone.localdate()}
    )


def _loan_context(request, loan: Loan) -> dict:
    return {
        "loan": loan,
        "lines": loan.lines.select_related("item__unit", "item__custodian"),
        "events": loan.events.select_related("by"),
        "actions": actions.available_actions(request.user, loan),
        "vehicle": actions.has_vehicle(loan),
        "today": timezone.localdate(),
    }


@login_required
@permission_required("property.borrow", raise_exception=True)
def loan_detail(request, loan_id):
    loan = get_for_org_or_404(Loan, request.organisation, pk=loan_id)
    context = _loan_context(request, loan)
    context.update(refuse_form=RefuseForm(), hand_over_form=HandOverForm(), return_form=ReturnForm())
    return render(request, "property/loan_detail.html", context)


@login_required
@permission_required("property.borrow", raise_exception=True)
def loan_print(request, loan_id):
    """The loan form (แบบฟอร์มการยืมพัสดุ) laid out for printing."""
    loan = get_for_org_or_404(Loan, request.organisation, pk=loan_id)
    return render(request, "property/loan_print.html", _loan_context(request, loan))


STEP_FORMS = {"refuse": RefuseForm, "hand_over": HandOverForm, "return": ReturnForm}


@login_required
@permission_required("property.borrow", raise_exception=True)
def loan_step(request, loan_id):
    """Approve, endorse, refuse, cancel, hand over or take back a loan."""
    loan = get_for_org_or_404(Loan, request.organisation, pk=loan_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    form = STEP_FORMS[action](request.POST) if action in STEP_FORMS else None
    if form is not None and not form.is_valid():
        context = _loan_context(request, loan)
        context.update(refuse_form=RefuseForm(), hand_over_form=HandOverForm(), return_form=ReturnForm())
        context[f"{action}_form"] = form
        return render(request, "property/loan_detail.html", context, status=400)
    data = form.cleaned_data if form else {}
    try:
        loan = actions.transition(
            loan, action, request.user, today=timezone.localdate(), note=data.get("reason", ""), data=data
        )
    except actions.LoanError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(loan)
    _notify_borrower(loan, action)
    messages.success(request, _("Done: the loan is now “%(state)s”.") % {"state": loan.get_state_display()})
    return redirect(loan)


def _notify_borrower(loan: Loan, action: str) -> None:
    from prongsai.core.notifications import notify

    if action in ("approve", "refuse") and loan.borrower.user_id:
        title = _("Your loan request %(no)s is %(state)s.") % {
            "no": loan.pk,
            "state": loan.get_state_display(),
        }
        notify(
            loan.organisation,
            [loan.borrower.user],
            title,
            url=loan.get_absolute_url(),
            kind="property.decision",
        )


# Reports -----------------------------------------------------------------------------------------


def _fiscal_year(request, data=None) -> int:
    text = (data if data is not None else request.GET).get("year", "")
    return int(text) if text.isdigit() and 2500 < int(text) < 2700 else fiscal_year_of(timezone.localdate())


@login_required
@permission_required("property.view_reports", raise_exception=True)
def report(request):
    """Use per unit over a fiscal year, loans overdue today, and items never used in the year."""
    year, today = _fiscal_year(request), timezone.localdate()
    start, end = fiscal_year_bounds(year)
    units = reports.by_unit(request.organisation, start, end, today)
    # The units' rows count the never-used items already: no COUNT query beside their page.
    never = Paginator(reports.never_used(request.organisation, start, end, units), PAGE_SIZE)
    context = {
        "year": year, "start": start, "end": end, "years": pickable_years(),
        "units": units,
        # One row per borrower, so at most the organisation's staff: one query, no COUNT beside it.
        "people": Paginator(list(reports.by_person(request.organisation, start, end, today)),
                            PAGE_SIZE).get_page(request.GET.get("people")),
        "overdue": reports.overdue_loans(request.organisation, today),
        "page": never.get_page(request.GET.get("page")),
    }  # fmt: skip
    return render(request, "property/report.html", context)


# Public pages ------------------------------------------------------------------------------------


def public_index(request, org_slug):
    """Property-use statistics (counts only, no names) for ITA indicator 4, and the rules."""
    organisation = public_organisation(org_slug)
    year = _fiscal_year(request)
    start, end = fiscal_year_bounds(year)
    context = {
        "organisation": organisation, "year": year, "years": pickable_years(),
        "stats": reports.public_statistics(organisation, start, end),
        "rules": UsageRules.objects.for_org(organisation).filter(is_current=True, published=True).first(),
        "loan_count": LoanItem.objects.for_org(organisation).filter(starts_on__lte=end, ends_on__gte=start,
                      loan__state__in=reports.USED).aggregate(n=Count("loan", distinct=True))["n"],
    }  # fmt: skip
    return render(request, "property/public_index.html", context)


def public_rules(request, org_slug):
    organisation = public_organisation(org_slug)
    rules = UsageRules.objects.for_org(organisation).filter(is_current=True, published=True).first()
    if rules is None:
        raise Http404(_("This organisation has not published its rules for using government property."))
    if request.GET.get("pdf"):
        return _pdf(rules)
    return render(request, "property/public_rules.html", {"organisation": organisation, "rules": rules})


# Stocktake ---------------------------------------------------------------------------------------


@login_required
@permission_required("property.view_reports", raise_exception=True)
def stocktakes(request):
    """The yearly stocktakes; keepers start a new one for a fiscal year."""
    rows = Stocktake.objects.for_org(request.organisation)
    if request.method == "POST":
        if not request.user.has_perm("property.manage_register"):
            raise PermissionDenied
        found = stocktake.start(request.organisation, _fiscal_year(request, request.POST))
        messages.success(request, _("The stocktake checklist is ready."))
        return redirect(found)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "year": _fiscal_year(request), "years": pickable_years()}
    return render(request, "property/stocktakes.html", context)


@login_required
@permission_required("property.view_reports", raise_exception=True)
def stocktake_detail(request, stocktake_id):
    """The checklist (all, unseen, or discrepancies), one page at a time, with a tick per item."""
    found = get_for_org_or_404(Stocktake, request.organisation, pk=stocktake_id)
    show = request.GET.get("show", "")
    lines = (
        stocktake.discrepancies(found) if show == "discrepancies"
        else found.lines.filter(seen=False).select_related("item__unit") if show == "unseen"
        else found.lines.select_related("item__unit")
    )  # fmt: skip
    seen, total = stocktake.progress(found)
    context = {
        "stocktake": found, "show": show, "seen": seen, "total": total,
        "page": Paginator(lines.order_by("item__code_key"), 50).get_page(request.GET.get("page")),
        "can_check": request.user.has_perm("property.manage_register"),
    }  # fmt: skip
    return render(request, "property/stocktake_detail.html", context)


@login_required
@permission_required("property.manage_register", raise_exception=True)
def stocktake_check(request, stocktake_line_id):
    line = get_for_org_or_404(StocktakeLine, request.organisation, pk=stocktake_line_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    stocktake.check(
        line, actions.person_of(request.user), seen=request.POST.get("seen") == "1",
        note=request.POST.get("note", "").strip(),
    )  # fmt: skip
    if request.htmx:
        return render(request, "property/_stocktake_line.html", {"line": line, "can_check": True})
    return redirect(line.stocktake)
