"""An organisation sets itself up in the staff UI: units, positions, people and their logins,
acting appointments, the staff list from a spreadsheet, and a first-run wizard.

The organisation's administrator (role org_admin) does all of it for their own organisation; a
national administrator (superuser) also creates organisations, one by the wizard or in bulk from
a file of official codes. Views stay thin: the rules are in acting.py, invitations.py,
staff_import.py and organisation_import.py; every change is audited by the signals of audit.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.core import invitations, organisation_import, sheets, staff_import
from prongsai.core.access import get_for_org_or_404
from prongsai.core.models import ActingAppointment, Organisation, OrganisationKind, Person, Position, Unit
from prongsai.core.roles import ROLES
from prongsai.core.setup_forms import (
    ActingForm,
    AddressForm,
    ExecutiveFormSet,
    InviteForm,
    NewOrganisationForm,
    PositionForm,
    UnitForm,
    UploadForm,
)

PAGE_SIZE = 25
MEMO_NAME = "บันทึกเสนอมาตรการส่งเสริมคุณธรรมฯ"  # as documents/demo.py names it
MANAGE = "core.manage_structure"
# The wizard's steps, in order: (URL name, title).
STEPS = (
    ("core:setup_wizard", gettext_lazy("Name and type")),
    ("core:setup_address", gettext_lazy("Address")),
    ("core:setup_executives", gettext_lazy("Executives")),
    ("core:setup_emblem", gettext_lazy("Emblem and register")),
    ("core:setup_chains", gettext_lazy("Document chains")),
)


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _organisation(request) -> Organisation:
    if request.organisation is None:  # a superuser who has not chosen an organisation yet
        raise Http404(_("Choose an organisation first."))
    return request.organisation


@login_required
@permission_required(MANAGE, raise_exception=True)
def home(request):
    organisation = _organisation(request)
    counts = {
        "units": Unit.objects.for_org(organisation).count(),
        "positions": Position.objects.for_org(organisation).count(),
        "people": Person.objects.for_org(organisation).filter(is_active=True).count(),
        "acting": ActingAppointment.objects.for_org(organisation).count(),
    }
    return render(request, "core/setup/home.html", {"counts": counts, "steps": STEPS})


# --- units and positions -------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def units(request):
    rows = Unit.objects.for_org(_organisation(request)).select_related("parent")
    rows = rows.order_by("parent_id", "order", "name_th")
    return render(request, "core/setup/units.html", {"page": _page(request, rows)})


@login_required
@permission_required(MANAGE, raise_exception=True)
def unit_edit(request, unit_id=None):
    organisation = _organisation(request)
    unit = get_for_org_or_404(Unit, organisation, pk=unit_id) if unit_id else None
    form = UnitForm(request.POST or None, instance=unit, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": unit.name_th})
        return redirect("core:setup_units")
    title = _("Edit unit") if unit else _("Add a unit")
    return render(request, "core/setup/form.html", {"form": form, "title": title, "back": "core:setup_units"})


@login_required
@permission_required(MANAGE, raise_exception=True)
def positions(request):
    rows = (
        Position.objects.for_org(_organisation(request))
        .select_related("unit", "reports_to")
        .prefetch_related("holders")
        .order_by("unit__order", "unit_id", "executive_order", "title_th")
    )
    page = _page(request, rows)
    for position in page:
        position.role_labels = [str(ROLES[c][0]).split(":")[0] for c in position.roles or () if c in ROLES]
    return render(request, "core/setup/positions.html", {"page": page})


@login_required
@permission_required(MANAGE, raise_exception=True)
def position_edit(request, position_id=None):
    organisation = _organisation(request)
    position = get_for_org_or_404(Position, organisation, pk=position_id) if position_id else None
    form = PositionForm(request.POST or None, instance=position, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        position = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": position.title_th})
        return redirect("core:setup_positions")
    title = _("Edit position") if position else _("Add a position")
    return render(
        request, "core/setup/form.html", {"form": form, "title": title, "back": "core:setup_positions"}
    )


# --- people: logins by invitation ----------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def invite(request, person_id):
    """Give a person a login: the invitation e-mail carries a link to choose a password."""
    person = get_for_org_or_404(Person, _organisation(request), pk=person_id)
    form = InviteForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invite(person, form.cleaned_data["email"], by=request.user)
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s (username %(username)s).")
                % {"email": user.email, "username": user.username},
            )
            return redirect("core:person_detail", person_id=person.pk)
    title = _("Invite %(name)s to sign in") % {"name": person.full_name}
    return render(request, "core/setup/form.html", {"form": form, "title": title, "back": "core:structure"})


def invitation_accept(request, uidb64, token):
    """The invited person chooses their password, and is signed in (then asked for a second
    factor if their role needs one). The link works once."""
    user = invitations.user_from(uidb64, token)
    if user is None:
        return render(request, "core/setup/invitation.html", {"valid": False}, status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="prongsai.core.lockout.PasswordBackend")
        messages.success(request, _("Your password is set. Welcome to Prongsai."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "core/setup/invitation.html", {"valid": True, "form": form, "invited": user})


# --- acting appointments -------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def acting_list(request):
    rows = (
        ActingAppointment.objects.for_org(_organisation(request))
        .select_related("position", "person__position")
        .order_by("-start", "-pk")
    )
    return render(request, "core/setup/acting.html", {"page": _page(request, rows)})


@login_required
@permission_required(MANAGE, raise_exception=True)
def acting_edit(request, acting_appointment_id=None):
    organisation = _organisation(request)
    row = (
        get_for_org_or_404(ActingAppointment, organisation, pk=acting_appointment_id)
        if acting_appointment_id
        else None
    )
    form = ActingForm(request.POST or None, instance=row, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        messages.success(request, _("Saved: %(person)s acts for %(position)s.") % {
            "person": row.person.full_name, "position": row.position.title_th,
        })  # fmt: skip
        return redirect("core:setup_acting")
    title = _("Edit acting appointment") if row else _("Add an acting appointment")
    context = {"form": form, "title": title, "back": "core:setup_acting"}
    return render(request, "core/setup/form.html", context)


# --- imports -------------------------------------------------------------------------------


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=sheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@permission_required(MANAGE, raise_exception=True)
def staff_import_page(request):
    """Upload the staff list; every row is checked first and any error writes nothing."""
    organisation = _organisation(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = staff_import.run(organisation, upload.read(), upload.name, by=request.user)
        if not outcome.errors:
            messages.success(request, _("Imported: %(created)s new, %(updated)s updated.") % {
                "created": outcome.created, "updated": outcome.updated,
            })  # fmt: skip
            return redirect("core:structure")
    return render(request, "core/setup/import.html", {
        "form": form, "outcome": outcome, "template_url": "core:setup_import_template",
        "title": _("Import the staff list"), "columns": staff_import.COLUMNS,
    })  # fmt: skip


@login_required
@permission_required(MANAGE, raise_exception=True)
def staff_import_template(request):
    return _xlsx(staff_import.template(), "staff-list.xlsx")


@login_required
@permission_required("core.create_organisations", raise_exception=True)
def organisations_import(request):
    """The national administrator creates organisations in bulk from their official codes."""
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = organisation_import.run(upload.read(), upload.name, by=request.user)
        if not outcome.errors:
            text = _("Organisations: %(created)s new, %(updated)s updated, %(same)s unchanged.")
            messages.success(request, text % {
                "created": outcome.created, "updated": outcome.updated, "same": outcome.unchanged,
            })  # fmt: skip
            return redirect("core:setup_organisations")
    return render(request, "core/setup/import.html", {
        "form": form, "outcome": outcome, "template_url": "core:setup_organisations_template",
        "title": _("Create organisations from official codes"), "columns": organisation_import.COLUMNS,
    })  # fmt: skip


@login_required
@permission_required("core.create_organisations", raise_exception=True)
def organisations_template(request):
    return _xlsx(organisation_import.template(), "organisations.xlsx")


# --- the first-run wizard ------------------------------------------------------------------


def _wizard(request, step: str, context: dict):
    names = [name for name, _title in STEPS]
    index = names.index(step)
    context |= {"steps": STEPS, "current": step, "number": index + 1,
                "next_step": names[index + 1] if index + 1 < len(names) else None}  # fmt: skip
    return render(request, "core/setup/wizard.html", context)


def _next(step: str):
    names = [name for name, _title in STEPS]
    index = names.index(step)
    return redirect(names[index + 1]) if index + 1 < len(names) else redirect("core:setup_home")


@login_required
def wizard(request):
    """Step 1. A superuser creates a new organisation here and works in it from then on; an
    organisation's administrator corrects the name and type of their own."""
    if request.user.is_superuser:
        instance = None if request.GET.get("new") or request.organisation is None else request.organisation
    elif request.user.has_perm(MANAGE):
        instance = _organisation(request)
    else:
        raise Http404
    form = NewOrganisationForm(request.POST or None, instance=instance)
    if instance is not None and not request.user.is_superuser:
        for name in ("slug", "official_code"):  # the address and code are the national administrator's
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        if request.user.is_superuser:
            request.session["organisation_id"] = organisation.pk
        messages.success(request, _("Saved %(name)s.") % {"name": organisation.name_th})
        return _next("core:setup_wizard")
    return _wizard(request, "core:setup_wizard", {"form": form, "creating": instance is None})


@login_required
@permission_required(MANAGE, raise_exception=True)
def wizard_address(request):
    form = AddressForm(request.POST or None, instance=_organisation(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        return _next("core:setup_address")
    return _wizard(request, "core:setup_address", {"form": form})


def default_executives(kind: str) -> list[str]:
    """The usual executive posts of an organisation of this type, top first."""
    if kind in (OrganisationKind.SAO, OrganisationKind.PAO):
        body = "องค์การบริหารส่วนตำบล" if kind == OrganisationKind.SAO else "องค์การบริหารส่วนจังหวัด"
        return [f"นายก{body}", f"รองนายก{body}", f"ปลัด{body}"]
    return ["นายกเทศมนตรี", "รองนายกเทศมนตรี", "ปลัดเทศบาล"]


@login_required
@permission_required(MANAGE, raise_exception=True)
def wizard_executives(request):
    """The executive posts (mayor, deputies, clerk) and who holds them; a post may stay vacant."""
    organisation = _organisation(request)
    posts = Position.objects.for_org(organisation).filter(is_executive=True).prefetch_related("holders")
    initial = []
    for post in posts:
        holder = next((p for p in post.holders.all() if p.is_active), None)
        initial.append({"title_th": post.title_th, "prefix": holder.prefix if holder else "",
                        "first_name": holder.first_name if holder else "",
                        "last_name": holder.last_name if holder else ""})  # fmt: skip
    initial = initial or [{"title_th": t} for t in default_executives(organisation.kind)]
    formset = ExecutiveFormSet(request.POST or None, initial=initial, prefix="executives")
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("title_th")]
        save_executives(organisation, rows)
        return _next("core:setup_executives")
    return _wizard(request, "core:setup_executives", {"formset": formset})


@transaction.atomic
def save_executives(organisation: Organisation, rows: list[dict]) -> None:
    """Posts in the order given, the first at the top; a clerk (ปลัด…) reports to the last
    executive above it, deputies to the first. Holders are named or added."""
    existing = {p.title_th: p for p in Position.objects.for_org(organisation).filter(is_executive=True)}
    top = None
    previous = None
    for order, row in enumerate(rows, start=1):
        title = row["title_th"].strip()
        clerk = title.startswith("ปลัด")
        post = existing.get(title) or Position(organisation=organisation, title_th=title, is_executive=True)
        post.executive_order = order
        post.roles = sorted(set(post.roles or []) | {"clerk" if clerk else "executive"})
        post.reports_to = previous if clerk else top
        post.save()
        top = top or post
        previous = post
        if row.get("first_name"):
            holder = Person.objects.for_org(organisation).filter(position=post, is_active=True).first()
            holder = holder or Person(organisation=organisation, position=post)
            holder.prefix, holder.first_name = row["prefix"], row["first_name"]
            holder.last_name = row["last_name"]
            holder.save()


@login_required
@permission_required(MANAGE, raise_exception=True)
def wizard_emblem(request):
    """The Garuda emblem, the register prefix and the department line: the documents settings."""
    from prongsai.documents.forms import SettingsForm
    from prongsai.documents.models import DocumentSettings

    organisation = _organisation(request)
    current = DocumentSettings.objects.for_org(organisation).first()
    current = current or DocumentSettings(organisation=organisation)
    form = SettingsForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _next("core:setup_emblem")
    return _wizard(request, "core:setup_emblem", {"form": form, "multipart": True, "settings": current})


@login_required
@permission_required(MANAGE, raise_exception=True)
def wizard_chains(request):
    """Who approves the measures memo (the document chains), first approver first."""
    from prongsai.documents import measures, workflow
    from prongsai.documents.forms import ChainForm
    from prongsai.documents.models import DocumentType

    organisation = _organisation(request)
    memo = DocumentType.objects.for_org(organisation).filter(code=measures.KIND).first()
    initial = {f"step_{s.order}": s.position_id for s in memo.chain.all()} if memo else {}
    data = request.POST if request.method == "POST" else None  # an all-empty chain is still a POST
    form = ChainForm(data, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                memo = memo or DocumentType.objects.create(
                    organisation=organisation, code=measures.KIND, name_th=MEMO_NAME
                )
                workflow.set_chain(memo, form.positions())
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            done = _("The organisation is set up. Add its units, positions and people next.")
            messages.success(request, done)
            return _next("core:setup_chains")
    return _wizard(request, "core:setup_chains", {"form": form, "document_type": memo})


@login_required
@permission_required("core.create_organisations", raise_exception=True)
def organisations(request):
    rows = Organisation.objects.order_by("-pk")
    return render(request, "core/setup/organisations.html", {"page": _page(request, rows)})
