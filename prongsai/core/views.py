"""Public organisation pages, the staff shell, structure and people, the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core import assignments, chain
from prongsai.core.access import get_for_org_or_404
from prongsai.core.addresses import org_address
from prongsai.core.db import thai_order
from prongsai.core.forms import PersonForm
from prongsai.core.models import AuditEntry, Notification, Organisation, OrganisationKind, Person, Unit
from prongsai.core.modules import MODULES

PAGE_SIZE = 25


def home(request):
    """The directory of organisations on this server, searchable, one page at a time."""
    shown = ("slug", "name_th", "district", "province")
    organisations = Organisation.objects.only(*shown).order_by(thai_order("name_th"))
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(
            Q(name_th__icontains=query) | Q(name_en__icontains=query) | Q(province__icontains=query)
        )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    for organisation in page:
        organisation.home_address = org_address("public:home", organisation.slug)
    return render(request, "core/home.html", {"page": page, "query": query})


def public_organisation(org_slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None:
        raise Http404(_("There is no organisation at the address “%(slug)s”.") % {"slug": org_slug})
    return organisation


def executives(organisation: Organisation):
    return (
        Person.objects.for_org(organisation)
        .filter(is_active=True, position__is_executive=True)
        .select_related("position")
        .order_by("position__executive_order")
    )


def public_home(request, org_slug):
    organisation = public_organisation(org_slug)
    context = {
        "organisation": organisation,
        "kind_label": OrganisationKind(organisation.kind).label,
        "executives": executives(organisation),
        "modules": [m for m in MODULES if m.public_url_name],
    }
    return render(request, "core/public_home.html", context)


# The two figures under the dashboard's title in one statement (docs/adr/0005: built through the
# ORM, the two counts took longer to compile than to answer). Parameters: organisation twice, True.
DASHBOARD_COUNTS = """
SELECT (SELECT COUNT(*) FROM core_unit WHERE organisation_id = %s),
       (SELECT COUNT(*) FROM core_person WHERE organisation_id = %s AND is_active = %s)
"""


@login_required
@permission_required("core.view_dashboard", raise_exception=True)
def dashboard(request):
    organisation = request.organisation
    counts = {"units": 0, "people": 0}
    if organisation is not None:
        with connection.cursor() as cursor:
            cursor.execute(DASHBOARD_COUNTS, [organisation.pk, organisation.pk, True])
            counts["units"], counts["people"] = cursor.fetchone()
    # The module cards are the menu's `staff_modules` (context_processors.py), worked out once.
    return render(request, "core/dashboard.html", {"counts": counts})


@login_required
@permission_required("core.view_structure", raise_exception=True)
def structure(request):
    organisation = request.organisation
    units = Unit.objects.for_org(organisation).prefetch_related("positions__holders")
    people = (
        Person.objects.for_org(organisation)
        .select_related("position__unit")
        .order_by(thai_order("first_name"))
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/structure.html", {"units": units, "page": page})


@login_required
@permission_required("core.view_structure", raise_exception=True)
def person_detail(request, person_id):
    person = get_for_org_or_404(Person, request.organisation, pk=person_id)
    context = {
        "person": person,
        "superiors": chain.supervisors_of(person),
        "pending": assignments.pending(request.organisation, person),
        "acting": person.acting_appointments.filter(end__gte=timezone.localdate()).select_related("position"),
    }
    return render(request, "core/person_detail.html", context)


@login_required
@permission_required("core.manage_structure", raise_exception=True)
def person_edit(request, person_id=None):
    """Add or edit a person; moving one's own person to another position waits for a second person."""
    person = get_for_org_or_404(Person, request.organisation, pk=person_id) if person_id else None
    current_position_id = person.position_id if person else None
    form = PersonForm(request.POST or None, instance=person, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["position"]
        if assignments.needs_second_person(person, current_position_id, wanted, request.user):
            with transaction.atomic():
                person = form.save(commit=False)
                person.position_id = current_position_id  # the rest is saved; the move is only asked
                person.save()
                assignments.ask(person, wanted, by=request.user)
            messages.warning(
                request,
                _("Saved. Moving yourself into “%(position)s” needs a second person: another administrator "
                  "(or the head of the complaint centre) must approve it.") % {"position": wanted.title_th},
            )  # fmt: skip
            return redirect("core:person_detail", person_id=person.pk)
        with transaction.atomic():
            person = form.save()
            assignments.announce(person, current_position_id, by=request.user)
        messages.success(request, _("Saved %(name)s.") % {"name": person.full_name})
        return redirect("core:person_detail", person_id=person.pk)
    return render(request, "core/person_form.html", {"form": form, "person": person})


@login_required
@permission_required("core.decide_assignments", raise_exception=True)
def assignment_requests(request):
    """Moves people asked for themselves, waiting for a second person's decision."""
    rows = [(r, assignments.may_decide(request.user, r)) for r in assignments.pending(request.organisation)]
    return render(request, "core/assignments.html", {"rows": rows})


@require_POST
@login_required
@permission_required("core.decide_assignments", raise_exception=True)
def assignment_decide(request, person_id):
    person = get_for_org_or_404(Person, request.organisation, pk=person_id)
    seq, action = request.POST.get("request", ""), request.POST.get("action", "")
    if not seq.isdigit() or action not in ("approve", "decline"):
        messages.error(request, _("Choose to approve or to decline the request."))
        return redirect("core:assignments")
    try:
        assignments.decide(request.organisation, person, int(seq), action == "approve", by=request.user)
    except assignments.AssignmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The move is approved.") if action == "approve" else _("The move is declined.")
        )
    return redirect("core:assignments")


@login_required
@permission_required("core.view_audit", raise_exception=True)
def audit_log(request):
    entries = AuditEntry.objects.filter(organisation=request.organisation).order_by("-seq")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})


@login_required
def notifications(request):
    """The person's notices, newest first; opening the list marks them read."""
    notices = Notification.objects.filter(recipient=request.user).order_by("-created_at")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": {n.pk for n in page if n.read_at is None}}
    Notification.objects.filter(pk__in=context["unread"]).update(read_at=timezone.now())
    request.user.unread_at_load = None  # the menu counts again, after these were read
    return render(request, "core/notifications.html", context)


@require_POST
@login_required
def switch_organisation(request):
    """Superusers serve every organisation; they choose which one they are working in."""
    if not request.user.is_superuser:
        raise Http404
    organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", "").strip())
    request.session["organisation_id"] = organisation.pk
    messages.info(request, _("You are now working in %(org)s.") % {"org": organisation})
    return redirect("core:dashboard")
