"""Every write to a complaint goes through here: submit, move, assign, message, note.

Each function runs in one transaction (a complaint and its files are stored whole or not at all)
and leaves the audit entry to the TenantModel signals; content is encrypted before saving.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.complaints import channel, crypto, deadlines, mail, receipts, workflow
from prongsai.complaints.evidence import Evidence
from prongsai.complaints.models import Attachment, Complaint, Message, Note, Transition
from prongsai.complaints.workflow import State
from prongsai.core import acting, audit, chain, duties
from prongsai.core.access import roles_of
from prongsai.core.models import Organisation, Position, Unit, User
from prongsai.core.notifications import notify
from prongsai.thai.dates import be_year

OFFICER_ROLE = "complaints_officer"
HEAD_ROLE = "complaints_head"


class TransitionRefused(ValidationError):
    pass


@dataclass(frozen=True)
class Submission:
    category: str
    concerned: str
    when_where: str
    description: str
    unit_concerned: Unit | None = None
    name: str = ""
    contact: str = ""


def _due(organisation: Organisation, state: str, since: date) -> date | None:
    return deadlines.due_date(organisation, state, since)


def holders_of(organisation: Organisation, role: str) -> list[User]:
    """Logins holding a post with `role`, or acting for one today (รักษาราชการแทน, `core/acting.py`).

    Every new complaint asks this. The organisation's posts with the role are found first (one
    small query; none: done), then only their holders and acting officials are loaded, rather
    than every member of staff with their post."""
    posts = [
        pk
        for pk, roles in Position.objects.filter(organisation=organisation).values_list("pk", "roles")
        if role in (roles or [])
    ]
    if not posts:
        return []
    acted = acting.in_force().filter(
        organisation=organisation, position__in=posts, person__is_active=True, person__user__isnull=False
    )
    return list(
        User.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(person__position__in=posts) | Q(pk__in=list(acted.values_list("person__user", flat=True))))
        .select_related("person__position")
    )


def officers_of(organisation: Organisation) -> list[User]:
    return holders_of(organisation, OFFICER_ROLE)


def heads_of(organisation: Organisation) -> list[User]:
    """The head of the centre (role complaints_head); without one, the officers stand in."""
    return holders_of(organisation, HEAD_ROLE) or officers_of(organisation)


def free_officers(complaint: Complaint, officers: list[User] | None = None) -> list[User]:
    """Officers who may be told about this case: those not in conflict with it."""
    officers = officers_of(complaint.organisation) if officers is None else officers
    excluded = conflicts(complaint, officers)
    return [o for o in officers if o.pk not in excluded]


def submit(organisation: Organisation, data: Submission, files: list[Evidence], *, today: date | None = None):
    """Store a new complaint with its files; returns (complaint, receipt code shown once).

    Written by the anonymous channel whoever is signed in (channel.py)."""
    with channel.writes():
        return _submit(organisation, data, files, today)


def _submit(organisation: Organisation, data: Submission, files: list[Evidence], today: date | None):
    today = today or timezone.localdate()
    code = receipts.new_code()
    code_hash = receipts.hash_code(code)  # before any lock is taken
    for _attempt in range(5):  # belt and braces: the lock in _store already orders numbering
        try:
            complaint = _store(organisation, data, files, code, code_hash, today)
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("could not allocate a case number")
    # Only "a new case N" and a staff link: never the content (the e-mail leaves the server).
    notify(
        organisation,
        free_officers(complaint),
        _("New complaint %(n)s") % {"n": complaint.number},
        url=staff_url(complaint),
        kind="complaints.new",
    )
    return complaint, code


def staff_url(complaint: Complaint) -> str:
    return reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk})


@transaction.atomic
def _store(
    organisation, data: Submission, files: list[Evidence], code: str, code_hash: str, today: date
) -> Complaint:
    year = be_year(today.year)
    # Lock the organisation row (the audit chain takes the same lock first anyway), so concurrent
    # submissions number their cases one after the other instead of racing for max + 1.
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    last = Complaint.objects.for_org(organisation).filter(year=year).aggregate(m=Max("seq"))["m"] or 0
    complaint = Complaint(
        organisation=organisation,
        year=year,
        seq=last + 1,
        category=data.category,
        unit_concerned=data.unit_concerned,
        is_anonymous=not (data.name or data.contact),
        receipt_lookup=receipts.lookup_id(organisation.pk, code),
        receipt_hash=code_hash,
        state=State.RECEIVED,
        state_since=today,
        received_on=today,
        due_on=_due(organisation, State.RECEIVED, today),
    )
    if data.name or data.contact:
        complaint.set_text(
            "identity_enc", json.dumps({"name": data.name, "contact": data.contact}, ensure_ascii=False)
        )
    complaint.set_text("concerned_enc", data.concerned)
    complaint.set_text("when_where_enc", data.when_where)
    complaint.set_text("description_enc", data.description)
    complaint.save()  # a lost race on the number rolls this transaction back; _submit retries
    _attach(complaint, files, None, from_complainant=True)
    return complaint


def _attach(complaint: Complaint, files: list[Evidence], message: Message | None, *, from_complainant: bool):
    for item in files:
        Attachment.objects.create(
            organisation_id=complaint.organisation_id,
            complaint=complaint,
            message=message,
            from_complainant=from_complainant,
            name_enc=crypto.encrypt_text(item.name, b"attachment"),
            content_type=item.content_type,
            extension=item.extension,
            size=len(item.data),
            data_enc=crypto.encrypt_blob(item.data, b"attachment"),
        )


def find_by_receipt(organisation: Organisation, code: str) -> Complaint | None:
    """The case this receipt code opens, or None. One indexed query, then the verifier on its bucket.

    An empty bucket is checked against a dummy hash, so a wrong code costs the same time whether
    or not a case shares its first group (otherwise the timing tells which buckets hold cases).
    A code found under an old verifier (Argon2, or an older receipt key) is hashed again in the
    current form (receipts.py, docs/adr/0004)."""
    lookup = receipts.lookup_id(organisation.pk, code)  # MalformedCode propagates to the caller
    found = None
    candidates = list(Complaint.objects.for_org(organisation).filter(receipt_lookup=lookup))
    for complaint in candidates:
        if receipts.verify(complaint.receipt_hash, code) and found is None:
            found = complaint
    if not candidates:
        receipts.verify(receipts.dummy_hash(), code)
    if found is not None and receipts.needs_update(found.receipt_hash):
        found.receipt_hash = receipts.hash_code(code)
        with channel.writes():
            found.save(update_fields=["receipt_hash"])
    return found


def identity(complaint: Complaint) -> dict:
    return json.loads(complaint.identity) if complaint.identity_enc else {}


# ----- officers -------------------------------------------------------------------------------


def conflicts(complaint: Complaint, officers: list[User], tree=None) -> dict[int, str]:
    """Officers who must not handle the case, by user id, with the reason (shown to the centre).

    A page that checks many cases passes the organisation's `chain.unit_tree` once as `tree`."""
    text = " ".join([complaint.concerned, complaint.description]).casefold()
    concerned_units = set()
    if complaint.unit_concerned_id:
        concerned_units = chain.unit_and_descendants(complaint.unit_concerned, tree)
    excluded = {}
    for officer in officers:
        person = getattr(officer, "person", None)
        if person is None:
            continue
        first, last = person.first_name.casefold(), person.last_name.casefold()
        if first and last and (f"{first} {last}" in text or f"{first}{last}" in text.replace(" ", "")):
            excluded[officer.pk] = _("named in the complaint")
        elif person.position_id and person.position.unit_id and person.position.unit_id in concerned_units:
            excluded[officer.pk] = _("works in the unit concerned")
    return excluded


def in_conflict(user: User, complaint: Complaint, tree=None) -> bool:
    return user.pk in conflicts(complaint, [user], tree)


def hidden_from(user: User, organisation: Organisation, cases: list[Complaint] | None = None) -> set[int]:
    """Ids of the organisation's cases `user` is in conflict with. No list, count, search, late
    list or notice may show these cases to them: that a case about you exists is itself a leak.

    A page that loads every case of the organisation anyway (the officers' list) passes them as
    `cases`, with their unit concerned and texts, so they are read once."""
    person = getattr(user, "person", None)
    if person is None:
        return set()
    if cases is None:
        cases = (
            Complaint.objects.for_org(organisation)
            .select_related("unit_concerned")
            .defer("identity_enc", "when_where_enc", "receipt_hash")
        )
    tree = chain.unit_tree(organisation.pk)
    return {case.pk for case in cases if in_conflict(user, case, tree)}


def to_tell(complaint: Complaint, officers: list[User] | None = None) -> list[User]:
    """Who hears of news on a case: its officer, or every officer not in conflict when nobody
    is assigned or the assignee has since come into conflict (e.g. moved into the unit concerned)."""
    if complaint.assigned_to_id:
        assignee = free_officers(complaint, [complaint.assigned_to])
        if assignee:
            return assignee
    return free_officers(complaint, officers)


def may_handle(user: User, complaint: Complaint) -> bool:
    """An officer of the case's organisation who is not in conflict with it."""
    if OFFICER_ROLE not in roles_of(user) or user.organisation_id != complaint.organisation_id:
        return False
    return user.pk not in conflicts(complaint, [user])


@transaction.atomic
def assign(complaint: Complaint, officer: User | None, *, by: User) -> Complaint:
    """Give the case to an officer; a second person does it, never the officer themselves (core.duties)."""
    if officer is not None:
        duties.check_assignee(officer, by)
        if OFFICER_ROLE not in roles_of(officer) or officer.organisation_id != complaint.organisation_id:
            raise ValidationError(_("Only an officer of the complaint centre can be assigned."))
        reason = conflicts(complaint, [officer]).get(officer.pk)
        if reason:
            raise ValidationError(
                _("%(name)s cannot handle this case: %(reason)s.")
                % {"name": officer.person, "reason": reason}
            )
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.assigned_to = officer
    complaint.save(update_fields=["assigned_to"])
    if officer is not None and officer != by:
        notify(
            complaint.organisation,
            [officer],
            _("Complaint %(n)s was assigned to you") % {"n": complaint.number},
            url=staff_url(complaint),
            kind="complaints.assigned",
        )
    return complaint


@transaction.atomic
def transition(
    complaint: Complaint,
    action: str,
    *,
    actor: User,
    reason: str,
    agency: str = "",
    today: date | None = None,
) -> Transition:
    """Move the case by `action` if the table allows it from its current state, or refuse."""
    today = today or timezone.localdate()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    target = workflow.next_state(complaint.state, action)
    if target is None:
        raise TransitionRefused(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": action, "state": complaint.get_state_display()}
        )
    if not reason.strip():
        raise TransitionRefused(_("Give the reason for this step."))
    if action in workflow.NEEDS_AGENCY and not agency.strip():
        raise TransitionRefused(_("Name the agency the case is referred to."))
    text = f"{reason.strip()}\n{_('Referred to')}: {agency.strip()}" if agency.strip() else reason.strip()
    step = Transition.objects.create(
        organisation_id=complaint.organisation_id,
        complaint=complaint,
        action=action,
        from_state=complaint.state,
        to_state=target,
        reason_enc=crypto.encrypt_text(text, b"transition"),
        actor=actor,
    )
    complaint.state, complaint.state_since = target, today
    complaint.due_on = _due(complaint.organisation, target, today)
    complaint.closed_on = today if target == State.CLOSED else None
    complaint.updated_for_complainant = True
    complaint.save()
    mail.tell_complainant(complaint)
    return step


@transaction.atomic
def officer_message(complaint: Complaint, body: str, files: list[Evidence], *, by: User) -> Message:
    message = Message.objects.create(
        organisation_id=complaint.organisation_id,
        complaint=complaint,
        from_complainant=False,
        author=by,
        body_enc=crypto.encrypt_text(body, b"message"),
    )
    _attach(complaint, files, message, from_complainant=False)
    audit.update_rows(Complaint.objects.filter(pk=complaint.pk), updated_for_complainant=True)
    mail.tell_complainant(complaint)
    return message


def complainant_message(complaint: Complaint, body: str, files: list[Evidence]) -> Message:
    """The complainant's answer, written by the anonymous channel whoever is signed in."""
    with channel.writes(), transaction.atomic():
        return _complainant_message(complaint, body, files)


def _complainant_message(complaint: Complaint, body: str, files: list[Evidence]) -> Message:
    message = Message.objects.create(
        organisation_id=complaint.organisation_id,
        complaint=complaint,
        from_complainant=True,
        body_enc=crypto.encrypt_text(body, b"message"),
    )
    _attach(complaint, files, message, from_complainant=True)
    notify(
        complaint.organisation,
        to_tell(complaint),
        _("New message on complaint %(n)s") % {"n": complaint.number},
        url=staff_url(complaint),
        kind="complaints.message",
    )
    return message


def add_note(complaint: Complaint, body: str, *, by: User) -> Note:
    if not body.strip():
        raise ValidationError(_("The note is empty."))
    return Note.objects.create(
        organisation_id=complaint.organisation_id,
        complaint=complaint,
        author=by,
        body_enc=crypto.encrypt_text(body.strip(), b"note"),
    )


def require_handler(user: User, complaint: Complaint) -> None:
    if not may_handle(user, complaint):
        raise PermissionDenied(_("You are excluded from this case (conflict of interest)."))
