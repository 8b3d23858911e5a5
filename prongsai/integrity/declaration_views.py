"""Declaration pages: one's own declarations, gifts and ethics acknowledgement; the clerk's view of
everyone's; counts for the analyst. Every page that shows a declaration or a gift records the read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core.access import get_for_org_or_404
from prongsai.integrity import declarations, gifts
from prongsai.integrity.declaration_forms import AnnualForm, CommitteeForm, GiftForm, RelationFormSet
from prongsai.integrity.models import Declaration, DeclarationKind, EthicsAcknowledgement, Gift
from prongsai.thai.fiscal import fiscal_year_of


def _year(request) -> int:
    current = fiscal_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if 2560 <= year <= current + 1 else current


def _own_person(request):
    person = declarations.person_of(request.user)
    if person is None or person.organisation_id != request.organisation.pk:
        raise PermissionDenied(_("Your login has no person record in this organisation."))
    return person


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def index(request):
    org, year = request.organisation, _year(request)
    person = declarations.person_of(request.user)
    mine = Declaration.objects.for_org(org).filter(fiscal_year=year, person=person) if person else []
    context = {
        "year": year,
        "mine": list(mine),
        "my_gifts": list(Gift.objects.for_org(org).filter(fiscal_year=year, person=person)) if person else [],
        "acknowledged": person is not None and EthicsAcknowledgement.objects.for_org(org).filter(
            person=person, fiscal_year=year).exists(),
        "limit": gifts.limit(),
        "reads_all": declarations.reads_all(request.user),
    }  # fmt: skip
    if context["reads_all"]:
        # names, kinds and dates only: what each declares is on its own page, whose reads are recorded
        context["everyone"] = list(
            Declaration.objects.for_org(org).filter(fiscal_year=year).select_related("person").order_by(
                "person__first_name", "kind", "pk")[:500]
        )  # fmt: skip
        context["all_gifts"] = list(
            Gift.objects.for_org(org).filter(fiscal_year=year).select_related("person")[:500]
        )
    if request.user.has_perm("integrity.view_declaration_statistics"):
        context["stats"] = declarations.statistics(org, year)
    return render(request, "integrity/declarations.html", context)


def _declare(request, kind: str):
    org, year = request.organisation, fiscal_year_of(timezone.localdate())
    person = _own_person(request)
    if kind == DeclarationKind.ANNUAL:
        earlier = Declaration.objects.for_org(org).filter(kind=kind, person=person, fiscal_year=year).first()
        if earlier is not None:
            messages.info(request, _("You have already made this year's declaration."))
            return redirect("integrity:declaration", declaration_id=earlier.pk)
    form_class = AnnualForm if kind == DeclarationKind.ANNUAL else CommitteeForm
    extra = {} if kind == DeclarationKind.ANNUAL else {"organisation": org, "fiscal_year": year}
    form = form_class(request.POST or None, **extra)
    relations = RelationFormSet(request.POST or None, prefix="relation")
    status = 200
    if request.method == "POST":
        if form.is_valid() and relations.is_valid():
            data = form.cleaned_data
            try:
                declaration = declarations.declare(
                    person, kind, year, [r for f in relations if (r := f.relation())], request.user,
                    line=data.get("procurement_line"), committee_role=data.get("committee_role", ""),
                    note=data.get("note", ""),
                )  # fmt: skip
            except (ValidationError, IntegrityError):
                form.add_error(None, _("You have already declared for this procurement."))
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("integrity:declaration", declaration_id=declaration.pk)
        status = 400
    context = {"form": form, "relations": relations, "kind": kind, "year": year,
               "title": Declaration(kind=kind).get_kind_display()}  # fmt: skip
    return render(request, "integrity/declaration_form.html", context, status=status)


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def annual_new(request):
    return _declare(request, DeclarationKind.ANNUAL)


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def committee_new(request):
    return _declare(request, DeclarationKind.PROCUREMENT)


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def declaration(request, declaration_id):
    row = get_for_org_or_404(Declaration, request.organisation, pk=declaration_id)
    if not declarations.may_read(request.user, row.person_id):
        raise PermissionDenied(_("Only the declarer and the clerk read a declaration."))
    declarations.read(row, request.user, "integrity.read_declaration")
    line = row.procurement_line
    return render(request, "integrity/declaration_detail.html", {
        "declaration": row, "relations": list(row.relations.all()), "line": line,
    })  # fmt: skip


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def gift_new(request):
    person = _own_person(request)
    form = GiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gift, problem = gifts.record(person, request.user, **form.cleaned_data)
        if problem:
            messages.warning(request, problem)
        else:
            messages.success(request, _("The gift is recorded."))
        return redirect("integrity:gift", gift_id=gift.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "integrity/gift_form.html", {"form": form, "limit": gifts.limit()}, status=status)


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def gift(request, gift_id):
    row = get_for_org_or_404(Gift, request.organisation, pk=gift_id)
    if not declarations.may_read(request.user, row.person_id):
        raise PermissionDenied(_("Only the recipient and the clerk read a gift's record."))
    declarations.read(row, request.user, "integrity.read_gift")
    return render(request, "integrity/gift_detail.html", {
        "gift": row, "limit": gifts.limit(), "over_limit": gifts.needs_report(row.value),
    })  # fmt: skip


@login_required
@permission_required("integrity.view_declarations", raise_exception=True)
def ethics_acknowledge(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _own_person(request)
    declarations.acknowledge_ethics(person, fiscal_year_of(timezone.localdate()), request.user)
    messages.success(request, _("Your acknowledgement of the code of ethics is recorded."))
    return redirect("integrity:declarations")
