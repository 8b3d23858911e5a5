"""The approval chain (สายการเสนอ): states as data, and `transition` as the one way to move.

Shape copied from Wagtail's workflows (style.md B5): an ordered list of steps, one per position,
each with its state, who acted, the suggestion (ข้อเสนอแนะ) and the signature. The sender submits;
each approver in turn approves (with a suggestion) or returns the document for revision, choosing
the step from which review restarts (any earlier step); the sender revises and resubmits.

Submitting freezes the content (snapshot.py): approvers see and sign that snapshot's hash. Names,
positions and dates are never typed: the signature is the approver's name and post from the chain
(an acting official as รักษาราชการแทน, core/acting.py) and the date is the clock's. The last
approval starts the final files (tasks.final_files): DOCX and sealed PDF with number and date.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import acting, audit, duties, jobs
from prongsai.core.models import Person, Position, User
from prongsai.core.notifications import notify
from prongsai.documents import snapshot
from prongsai.documents.layout import emblem_missing
from prongsai.documents.models import (
    ApprovalStep,
    ChainStep,
    Document,
    DocumentEvent,
    StepState,
)
from prongsai.documents.models import Status as S
from prongsai.documents.text import clean

# (document status, action) -> status after it. "approve" on the last step ends in APPROVED.
TRANSITIONS = {
    (S.DRAFT, "submit"): S.IN_REVIEW,  # the sender sends it up the chain
    (S.IN_REVIEW, "approve"): S.IN_REVIEW,  # one approver signs; the next is asked
    (S.IN_REVIEW, "return"): S.RETURNED,  # back to the sender, review restarts at a chosen step
    (S.RETURNED, "resubmit"): S.IN_REVIEW,  # the sender revised it
}
ACTIONS = sorted({action for _state, action in TRANSITIONS})


class WorkflowError(Exception):
    """A refused action; `message` is shown to the user (Thai, with the English in gettext)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- the chain -----------------------------------------------------------------------------


def chain_from_command(position: Position) -> list[Position]:
    """The chain of command above `position` (reports_to), refusing a loop instead of cutting it."""
    by_id = {p.pk: p for p in Position.objects.for_org(position.organisation)}
    chain, seen = [], {position.pk}
    current = by_id.get(position.reports_to_id)
    while current is not None:
        if current.pk in seen:
            raise WorkflowError(
                _("The chain of command loops at “%(position)s”: correct who each position reports to.")
                % {"position": current.title_th}
            )
        chain.append(current)
        seen.add(current.pk)
        current = by_id.get(current.reports_to_id)
    return chain


def check_chain(positions: list[Position | None]) -> None:
    """A chain must name at least one position, each once: a repeated position would loop."""
    if not positions:
        raise WorkflowError(_("The approval chain is empty: add at least one approver position."))
    seen = set()
    for n, position in enumerate(positions, start=1):
        if position is None:
            raise WorkflowError(_("Step %(n)s of the approval chain has no position.") % {"n": n})
        if position.pk in seen:
            raise WorkflowError(
                _("“%(position)s” appears twice in the approval chain: a chain cannot loop.")
                % {"position": position.title_th}
            )
        seen.add(position.pk)


def set_chain(document_type, positions: list[Position | None]) -> None:
    check_chain(positions)
    with transaction.atomic():
        ChainStep.objects.filter(document_type=document_type).delete()
        for order, position in enumerate(positions, start=1):
            ChainStep.objects.create(
                organisation=document_type.organisation,
                document_type=document_type,
                order=order,
                position=position,
            )


def holder(position: Position) -> Person | None:
    """Who signs for the post today: its acting official while an order is in force, else its holder."""
    return acting.signatory(position)[0]


def approver_of(step: ApprovalStep) -> Person | None:
    """Who decides this step: the person acting for the post, else its holder in post."""
    if step.delegate_id and step.delegate.is_active:
        return step.delegate
    return holder(step.position)


def missing_approvers(document: Document) -> list[ApprovalStep]:
    return [s for s in document.steps.select_related("position", "delegate") if approver_of(s) is None]


# --- register ------------------------------------------------------------------------------


def register_number(document: Document) -> None:
    """Give the document its number in its kind's register book, per calendar year (registers.py)."""
    from prongsai.documents import kinds, registers

    author = document.author
    unit = author.position.unit.name_th if author.position_id and author.position.unit_id else ""
    registers.number_document(document, kinds.book_of(document), sender=unit)


# --- transitions ---------------------------------------------------------------------------


def _event(document: Document, action: str, by: User | None, note: str = "", step: int | None = None) -> None:
    name = (
        by.person.full_name if by is not None and hasattr(by, "person") else (by.get_username() if by else "")
    )
    DocumentEvent.objects.create(
        organisation=document.organisation, document=document, action=action, actor=by, actor_name=name,
        step_order=step, note=note,
    )  # fmt: skip


def _notify_pending(document: Document) -> None:
    step = document.steps.filter(state=StepState.PENDING).first()
    person = approver_of(step) if step else None
    if person is None or person.user_id is None:
        return
    url = reverse("documents:detail", kwargs={"document_id": document.pk})
    title = _("A document awaits your decision: %(s)s") % {"s": document.subject}
    key = f"documents.review:{document.pk}:{step.order}:{document.events.count()}"
    notify(document.organisation, [person.user], title, url=url, kind="documents.review", dedupe_key=key)


def _notify_sender(document: Document, title: str) -> None:
    if document.author.user_id:
        url = reverse("documents:detail", kwargs={"document_id": document.pk})
        notify(document.organisation, [document.author.user], title, url=url, kind="documents.sender")


def is_sender(document: Document, user: User) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and person.pk == document.author_id


def may_decide(step: ApprovalStep | None, user: User) -> bool:
    """The step's approver, unless they sent the document (nobody approves their own: `duties`)."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    approver = approver_of(step) if step is not None else None
    return (
        approver is not None and person is not None and approver.pk == person.pk
        and approver.pk != step.document.author_id
    )


def pending_step(document: Document) -> ApprovalStep | None:
    return document.steps.select_related("position", "delegate").filter(state=StepState.PENDING).first()


@transaction.atomic
def transition(
    document: Document,
    action: str,
    by: User,
    *,
    note: str = "",
    suggestion: str = "",
    seen_sha256: str = "",
    signed_on: date | None = None,
    return_to: int | None = None,
) -> Document:
    """Do `action` on the document as `by`: check, move, record history and audit, notify.

    `seen_sha256` is the snapshot the approver was shown (the decision form carries it); a
    decision on another content is refused. `signed_on` is the clock for records made by code
    (the demo's historical chain); no page passes it, and it may not precede the memo's date.
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    target = TRANSITIONS.get((document.status, action))
    if target is None:
        raise WorkflowError(
            _("“%(action)s” is not possible while the document is %(status)s.")
            % {"action": action, "status": document.get_status_display()}
        )
    with audit.acting_as(by):
        if action in ("submit", "resubmit"):
            _submit(document, by, action, note)
        elif action == "approve":
            _approve(document, by, clean(suggestion), seen_sha256, signed_on, note)
        elif action == "return":
            _return(document, by, return_to, clean(note))
        audit.record(document, f"documents.{action}", changes={"status": [document.status, document.status]})
    return document


def _submit(document: Document, by: User, action: str, note: str) -> None:
    if not is_sender(document, by):
        raise WorkflowError(_("Only the sender may submit this document."))
    if not document.steps.exists():
        raise WorkflowError(_("The document has no approval chain: set the chain of its document type."))
    missing = missing_approvers(document)
    if missing:
        raise WorkflowError(
            _("Nobody holds the position “%(position)s”: assign a person acting for it before submitting.")
            % {"position": missing[0].position.title_th}
        )
    waiting = document.steps.exclude(state=StepState.APPROVED).select_related("position", "delegate")
    own = [s for s in waiting if approver_of(s) is not None and approver_of(s).pk == document.author_id]
    if own:
        raise WorkflowError(
            _("You would decide step %(n)s (“%(position)s”) of your own document: assign a person acting "
              "for it before submitting.") % {"n": own[0].order, "position": own[0].position.title_th}
        )  # fmt: skip
    if action == "submit":
        register_number(document)
        document.doc_date = document.doc_date or timezone.localdate()
        first = document.steps.order_by("order").first()
        first.state = StepState.PENDING
        first.save()
    else:
        first = document.steps.filter(state=StepState.WAITING).order_by("order").first()
        first.state = StepState.PENDING
        first.save()
    snapshot.take(document)  # what the approvers see and sign, from now on
    document.status = S.IN_REVIEW
    document.save()
    _event(document, action, by, note)
    _notify_pending(document)


def _signing_day(document: Document, signed_on: date | None) -> date:
    today = timezone.localdate()
    day = signed_on or today
    if day > today or (document.doc_date and day < document.doc_date):
        raise WorkflowError(_("A decision is dated between the memo's date and today."))
    return day


def _approve(document, by, suggestion: str, seen_sha256: str, signed_on, note: str) -> None:
    duties.check_decision(by, document.author)
    step = pending_step(document)
    if not may_decide(step, by):
        raise WorkflowError(_("This step awaits another approver."))
    if emblem_missing(document.organisation) and not document.steps.filter(order__gt=step.order).exists():
        raise WorkflowError(  # a final document is never issued with the placeholder (layout.py)
            _("The organisation's Garuda emblem is not set: upload it in the document settings "
              "before the final approval.")
        )  # fmt: skip
    if seen_sha256 and seen_sha256 != document.snapshot_sha256:
        raise WorkflowError(_("The document changed since you opened it: read it again before deciding."))
    person = approver_of(step)
    step.suggestion, step.signed_name = suggestion, person.full_name
    step.signed_position = acting.signed_title(person, step.position)  # "... รักษาราชการแทน<post>"
    step.signed_on, step.acted_by, step.state = _signing_day(document, signed_on), by, StepState.APPROVED
    step.signed_sha256 = document.snapshot_sha256
    step.save()
    _event(document, "approve", by, suggestion or note, step.order)
    following = document.steps.filter(order__gt=step.order).order_by("order").first()
    if following is None:
        document.status = S.APPROVED
        document.save()
        _supersede_previous(document, by)
        start_final_files(document, by)
        _notify_sender(document, _("Your document is approved: %(s)s") % {"s": document.subject})
    else:
        following.state = StepState.PENDING
        following.save()
        _notify_pending(document)


def start_final_files(document: Document, by: User | None = None):
    """Start the background job that makes the final DOCX and sealed PDF (the page follows it)."""
    from prongsai.documents import tasks

    return jobs.start(
        tasks.final_files, kind=tasks.FINAL_KIND, payload={"document_id": document.pk},
        organisation=document.organisation, user=by,
    )  # fmt: skip


def _return(document: Document, by: User, return_to: int | None, note: str) -> None:
    duties.check_decision(by, document.author)
    step = pending_step(document)
    if not may_decide(step, by):
        raise WorkflowError(_("This step awaits another approver."))
    if not note.strip():
        raise WorkflowError(_("Say what should be revised."))
    if return_to is None or not 1 <= return_to <= step.order:
        raise WorkflowError(_("Choose the step from which review starts again (this one or an earlier one)."))
    for later in document.steps.filter(order__gte=return_to):
        later.state, later.suggestion, later.signed_name, later.signed_on, later.acted_by = (
            StepState.WAITING, "", "", None, None,
        )  # fmt: skip
        later.save()
    document.status = S.RETURNED
    document.save()
    _event(document, "return", by, note, step.order)
    _notify_sender(document, _("Your document was returned for revision: %(s)s") % {"s": document.subject})


def _supersede_previous(document: Document, by: User) -> None:
    previous = document.supersedes
    if previous is not None and previous.status == S.APPROVED:
        previous.status = S.SUPERSEDED
        previous.save()
        _event(previous, "superseded", by, _("Replaced by version %(v)s") % {"v": document.version})


def reassign(step: ApprovalStep, person: Person, by: User) -> None:
    """Let `person` decide a step whose position holder has left (acting for them).

    Never the person reassigning, nor the sender: that is how a sender approved their own memo.
    """
    duties.check_assignee(person, by, step.document.author)
    if not person.is_active or person.organisation_id != step.organisation_id:
        raise WorkflowError(_("Choose a person of this organisation who is in post."))
    if step.state == StepState.APPROVED:
        raise WorkflowError(_("This step is already signed."))
    with audit.acting_as(by):
        step.delegate = person
        step.save()
        _event(step.document, "reassign", by, person.full_name, step.order)
        if step.state == StepState.PENDING:
            _notify_pending(step.document)


# --- documents -----------------------------------------------------------------------------

TEXT_FIELDS = ("subject", "to", "background", "facts", "proposal", "closing", "refers_to", "enclosures")


def update_text(document: Document, data: dict, by: User) -> Document:
    if not document.editable:
        raise WorkflowError(_("A document under review or approved cannot be edited; make a new version."))
    with audit.acting_as(by):
        for name in TEXT_FIELDS:
            if name in data:
                setattr(document, name, clean(data[name]))
        document.save()
        _event(document, "edit", by)
    return document


def create_document(document_type, fiscal_year: int, author: Person, by: User, **text) -> Document:
    steps = list(document_type.chain.select_related("position"))
    check_chain([s.position for s in steps])
    with transaction.atomic(), audit.acting_as(by):
        document = Document.objects.create(
            organisation=document_type.organisation, document_type=document_type, fiscal_year=fiscal_year,
            author=author, **{k: clean(v) for k, v in text.items()},
        )  # fmt: skip
        _copy_steps(document, steps)
        _event(document, "create", by)
    return document


def _copy_steps(document: Document, chain: list) -> None:
    for step in chain:  # one by one, so that each row is audited
        ApprovalStep.objects.create(
            organisation=document.organisation, document=document, order=step.order, position=step.position
        )


def new_version(document: Document, by: User) -> Document:
    """The only change an approved document allows: a new version that supersedes it once approved."""
    if document.status != S.APPROVED:
        raise WorkflowError(
            _("Only an approved document is replaced by a new version; edit this one instead.")
        )
    if Document.objects.filter(supersedes=document).exists():
        raise WorkflowError(_("A new version of this document already exists."))
    with transaction.atomic(), audit.acting_as(by):
        copy = Document.objects.create(
            organisation=document.organisation, document_type=document.document_type,
            fiscal_year=document.fiscal_year, version=document.version + 1, supersedes=document,
            author=document.author, **{name: getattr(document, name) for name in TEXT_FIELDS},
        )  # fmt: skip
        _copy_steps(copy, list(document.document_type.chain.select_related("position")))
        _event(copy, "create", by, _("New version of version %(v)s") % {"v": document.version})
    return copy
