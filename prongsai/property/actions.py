"""Every change to a loan: the request (with its reservation check) and `transition`.

Both lock rows first (`select_for_update`): a request locks its items, so two people reserving
the same item at once are served one after the other and the second sees the first's days;
a transition locks the loan, so two approvers pressing at once cannot both act. On SQLite the
IMMEDIATE transactions of settings.py serialise writers the same way.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import audit, chain, duties
from prongsai.core.access import roles_of
from prongsai.core.acting import positions_held
from prongsai.core.models import Person, Position, User
from prongsai.property import slots, workflow
from prongsai.property.models import (
    Asset,
    ItemStatus,
    Loan,
    LoanEvent,
    LoanItem,
    LoanState,
    UsageRules,
)
from prongsai.thai.dates import format_long


class LoanError(ValidationError):
    """A request or step refused for a reason the user can act on."""


class Conflict(LoanError):
    """The items are held by another loan on some of the days; `next_free` is where they are not."""

    def __init__(self, items: list[Asset], next_free: date):
        self.items, self.next_free = items, next_free
        super().__init__(
            _("Already reserved on these days: %(items)s. The next free days start on %(date)s.")
            % {"items": ", ".join(str(i) for i in items), "date": format_long(next_free)}
        )


def person_of(user: User) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated and hasattr(user, "person") else None


def current_rules(organisation) -> UsageRules | None:
    return UsageRules.objects.for_org(organisation).filter(is_current=True).first()


def busy_days(item_ids: list[int], exclude_loan: int | None = None) -> list[tuple[date, date]]:
    lines = LoanItem.objects.filter(item_id__in=item_ids, holding=True)
    if exclude_loan:
        lines = lines.exclude(loan_id=exclude_loan)
    return list(lines.values_list("starts_on", "ends_on"))


def _check_request(items: list[Asset], starts_on: date, ends_on: date, today: date) -> None:
    if not items:
        raise LoanError(_("Choose at least one item."))
    if starts_on < today:
        raise LoanError(_("The loan cannot start in the past."))
    if ends_on < starts_on:
        raise LoanError(_("The last day comes before the first day."))
    out = [str(i) for i in items if not i.is_borrowable]
    if out:
        raise LoanError(
            _("Not available for borrowing (under repair, lost or written off): %(items)s")
            % {"items": ", ".join(out)}
        )
    if len({i.unit_id for i in items}) > 1:
        raise LoanError(_("Items of different custodian units need separate requests."))


@transaction.atomic
def request_loan(
    borrower: Person,
    items: list[Asset],
    *,
    starts_on: date,
    ends_on: date,
    purpose: str,
    today: date,
    rules_version: int | None,
    destination: str = "",
) -> Loan:
    """Reserve `items` for the days asked, or raise LoanError (Conflict names the next free days)."""
    organisation = borrower.organisation
    rules = current_rules(organisation)
    if rules is None:
        raise LoanError(_("The organisation has no usage rules yet; borrowing opens once they are issued."))
    if rules_version != rules.version:
        raise LoanError(_("Read and acknowledge the current usage rules before borrowing."))
    # Lock the items (in a fixed order, so two requests cannot deadlock) before looking at their days.
    ids = sorted({i.pk for i in items})
    locked = list(Asset.objects.for_org(organisation).select_for_update().filter(pk__in=ids).order_by("pk"))
    _check_request(locked if len(locked) == len(ids) else [], starts_on, ends_on, today)
    clashing = [
        i for i in locked
        if any(slots.overlaps(starts_on, ends_on, s, e) for s, e in busy_days([i.pk]))
    ]  # fmt: skip
    if clashing:
        length = (ends_on - starts_on).days + 1
        raise Conflict(clashing, slots.next_free_start(busy_days(ids), starts_on, length))
    loan = Loan.objects.create(
        organisation=organisation, borrower=borrower, unit_id=locked[0].unit_id, purpose=purpose,
        destination=destination, starts_on=starts_on, ends_on=ends_on, rules=rules,
        rules_acknowledged_at=timezone.now(),
    )  # fmt: skip
    LoanItem.objects.bulk_create(
        LoanItem(organisation=organisation, loan=loan, item=i, starts_on=starts_on, ends_on=ends_on)
        for i in locked
    )
    LoanEvent.objects.create(
        organisation=organisation,
        loan=loan,
        action="request",
        from_state="",
        to_state=loan.state,
        by=borrower,
    )
    return loan


def _holds(user: User, position: Position | None) -> bool:
    """Holds the post, or acts for it today (รักษาราชการแทน): a vacant head post blocks no loan."""
    return position is not None and any(p.pk == position.pk for p in positions_held(user))


def first_level_approver(loan: Loan) -> Position | None:
    return chain.head_of_unit(loan.unit)


def has_vehicle(loan: Loan) -> bool:
    return any(line.item.is_vehicle for line in loan.lines.select_related("item"))


def borrower_would_decide(loan: Loan, position: Position | None, head_id: int | None) -> bool:
    """Would the loan's next approval fall to its own borrower, who holds `position`?"""
    if position is None:
        return False
    if loan.state == LoanState.ENDORSED or head_id is None:
        return "clerk" in (position.roles or [])
    return position.pk == head_id


def stand_in(loan: Loan) -> Position | None:
    """Who decides instead when the approver is the borrower: the borrower's own superior."""
    head, position = first_level_approver(loan), loan.borrower.position
    if not borrower_would_decide(loan, position, head.pk if head else None):
        return None
    return position.reports_to


def can(user: User, action: str, loan: Loan) -> bool:
    """May `user` take `action` on `loan` now? (Ignores whether the state allows it.)

    Nobody takes a step on a loan they asked for (`core.duties`) except cancelling it; when the
    borrower is the one who would approve, their superior approves instead."""
    roles = roles_of(user)
    person = person_of(user)
    if person is None or user.organisation_id != loan.organisation_id:
        return False
    if action == "cancel":
        return person.pk == loan.borrower_id
    if duties.is_party(person, [loan.borrower]):
        return False
    if action in ("approve", "endorse", "refuse"):
        if _holds(user, stand_in(loan)):
            return True
        if loan.state == LoanState.ENDORSED:
            return "clerk" in roles
        head = first_level_approver(loan)
        return _holds(user, head) if head else "clerk" in roles
    if action in ("hand_over", "return"):
        custodians = {line.item.custodian_id for line in loan.lines.select_related("item")}
        return (
            "property_officer" in roles or person.pk in custodians or _holds(user, first_level_approver(loan))
        )
    return False


OPEN = (LoanState.REQUESTED, LoanState.ENDORSED, LoanState.APPROVED, LoanState.ON_LOAN)


def _heads(positions: list[Position]) -> dict[int, int]:
    """{unit id: id of the position heading it}, worked out in memory like chain.head_of_unit."""
    heads: dict[int, int] = {}
    for p in positions:
        if (
            p.unit_id
            and p.unit_id not in heads
            and (p.reports_to is None or p.reports_to.unit_id != p.unit_id)
        ):
            heads[p.unit_id] = p.pk
    return heads


def waiting_for(
    user: User, loans: list[Loan], *, positions: list[Position] | None = None, kept: set[int] | None = None
) -> list[Loan]:
    """The loans among `loans` on which `user` has a step to take, in a fixed number of queries.

    A caller that read them already passes the organisation's `positions` (with `reports_to`)
    and `kept`, the ids of the loans with an item in the user's custody (property/work.py)."""
    person, roles = person_of(user), roles_of(user)
    if person is None or not loans:
        return []
    if positions is None:
        positions = list(Position.objects.for_org(loans[0].organisation).select_related("reports_to"))
    heads, by_id = _heads(positions), {p.pk: p for p in positions}
    if kept is None:
        ids = [loan.pk for loan in loans]
        kept = set(
            LoanItem.objects.filter(loan_id__in=ids, item__custodian=person).values_list("loan_id", flat=True)
        )
    held = {p.pk for p in positions_held(user)}  # own post and posts acted for today
    found = []
    for loan in loans:
        if loan.borrower_id == person.pk:  # nobody takes a step on their own loan (core.duties)
            continue
        head = heads.get(loan.unit_id)
        borrower_position = by_id.get(loan.borrower.position_id)
        standing_in = (
            borrower_would_decide(loan, borrower_position, head)
            and borrower_position.reports_to_id in held
        )
        by_clerk = loan.state == LoanState.ENDORSED or head is None
        approver = standing_in or ("clerk" in roles if by_clerk else head in held)
        keeper = "property_officer" in roles or loan.pk in kept or head in held
        if (loan.state in (LoanState.REQUESTED, LoanState.ENDORSED) and approver) or (
            loan.state in (LoanState.APPROVED, LoanState.ON_LOAN) and keeper
        ):
            found.append(loan)
    return found


def available_actions(user: User, loan: Loan) -> list[str]:
    vehicle = has_vehicle(loan)
    found = []
    for action in workflow.ACTIONS:
        if workflow.target(loan.state, action) is None or not can(user, action, loan):
            continue
        # Vehicles are endorsed first, then approved; other items are approved at once.
        if loan.state == LoanState.REQUESTED and action == ("approve" if vehicle else "endorse"):
            continue
        found.append(action)
    return found


def _required(value, message: str):
    if value in (None, "", False):
        raise LoanError(message)
    return value


def _hand_over(loan: Loan, data: dict, by: Person) -> None:
    loan.condition_out = _required(data.get("condition"), _("Describe the condition at hand-over."))
    _required(data.get("borrower_accepts"), _("The borrower must accept the items and their condition."))
    if has_vehicle(loan):
        loan.mileage_out = _required(data.get("mileage"), _("Enter the mileage at hand-over."))
    loan.borrower_accepted_at = loan.handed_over_at = timezone.now()
    audit.update_rows(Asset.objects.filter(loan_lines__loan=loan), status=ItemStatus.ON_LOAN)


def _return(loan: Loan, data: dict, by: Person, today: date) -> None:
    loan.condition_in = _required(data.get("condition"), _("Describe the condition at return."))
    _required(data.get("custodian_accepts"), _("The custodian must accept the returned items."))
    if has_vehicle(loan):
        mileage = _required(data.get("mileage"), _("Enter the mileage at return."))
        if loan.mileage_out is not None and mileage < loan.mileage_out:
            raise LoanError(_("The mileage at return is lower than at hand-over."))
        loan.mileage_in = mileage
    loan.damage = data.get("damage", "")
    loan.returned_at, loan.returned_on, loan.custodian_accepted_by = timezone.now(), today, by
    status = ItemStatus.UNDER_REPAIR if loan.damage else ItemStatus.AVAILABLE
    audit.update_rows(Asset.objects.filter(loan_lines__loan=loan), status=status)


@transaction.atomic
def transition(loan: Loan, action: str, user: User, *, today: date, note: str = "", data=None) -> Loan:
    """Move `loan` by `action`, or raise LoanError saying why not. Appends a LoanEvent."""
    loan = Loan.objects.select_for_update().get(pk=loan.pk)  # re-read under lock: another may have acted
    new_state = workflow.target(loan.state, action)
    if new_state is None:
        raise LoanError(
            _("This loan is now “%(state)s”; that step is not possible.")
            % {"state": LoanState(loan.state).label}
        )
    if action != "cancel":
        duties.check_decision(user, loan.borrower)
    if action not in available_actions(user, loan):
        raise LoanError(_("You may not take this step on this loan."))
    by, data = person_of(user), data or {}
    if action == "refuse":
        loan.refusal_reason = _required(note.strip(), _("Give the reason for refusing."))
    elif action == "hand_over":
        _hand_over(loan, data, by)
    elif action == "return":
        _return(loan, data, by, today)
    old_state, loan.state = loan.state, new_state
    loan.save()
    if new_state in workflow.RELEASING:
        audit.update_rows(LoanItem.objects.filter(loan=loan), holding=False)
    LoanEvent.objects.create(
        organisation=loan.organisation, loan=loan, action=action, from_state=old_state, to_state=new_state,
        by=by, note=note,
    )  # fmt: skip
    return loan
