"""My work in property: loans to approve (or endorse), to hand over, and to chase back.

Who takes which step is `actions.waiting_for` (the custodian unit's head, the clerk for
vehicles' second level, a stand-in superior when the borrower would decide; the property officer,
the item's custodian or the unit head hands over and takes back), in a fixed number of queries.
A decision is due before the loan's first day; a loan on loan is chased from the working day
before its last day (`reminders.reminders_for`), by the keepers and by the borrower.

The open loans, with whether one of the viewer's items is in each, are one statement written by
hand (workplace/sql.py); the organisation's posts are the viewer's, read once for every provider.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _

from prongsai.core.models import Person
from prongsai.core.rows import instance
from prongsai.property import actions
from prongsai.property.models import Loan, LoanState
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.workdays import add_working_days
from prongsai.workplace.sql import day, fetch

TITLES = {
    LoanState.REQUESTED: "property.approve",
    LoanState.ENDORSED: "property.approve",
    LoanState.APPROVED: "property.hand_over",
    LoanState.ON_LOAN: "property.chase",
}
LOAN_FIELDS = ("id", "organisation_id", "state", "borrower_id", "unit_id", "purpose", "starts_on", "ends_on")
BORROWER_FIELDS = ("id", "prefix", "first_name", "last_name", "position_id")
# Parameters: the viewer's person (custodian), organisation, the three states waiting for a
# decision or a hand-over, on loan, the horizon.
OPEN_LOANS = """
SELECT lo.id, lo.organisation_id, lo.state, lo.borrower_id, lo.unit_id, lo.purpose, lo.starts_on, lo.ends_on,
       b.id, b.prefix, b.first_name, b.last_name, b.position_id,
       EXISTS (SELECT 1 FROM property_loanitem li JOIN property_asset a ON a.id = li.item_id
               WHERE li.loan_id = lo.id AND a.custodian_id = %s)
FROM property_loan lo JOIN core_person b ON b.id = lo.borrower_id
WHERE lo.organisation_id = %s AND (lo.state IN (%s, %s, %s) OR (lo.state = %s AND lo.ends_on <= %s))
ORDER BY lo.starts_on, lo.id
"""


def _title(loan: Loan) -> str:
    values = {"no": to_thai_digits(loan.pk), "name": loan.borrower.full_name, "purpose": loan.purpose[:80]}
    if loan.state in (LoanState.REQUESTED, LoanState.ENDORSED):
        return _("Decide on loan %(no)s for %(name)s: %(purpose)s") % values
    if loan.state == LoanState.APPROVED:
        return _("Hand over loan %(no)s to %(name)s: %(purpose)s") % values
    return _("Take back loan %(no)s from %(name)s, due back: %(purpose)s") % values


def _loans(viewer) -> tuple[list[Loan], set[int]]:
    """The open loans as `Loan`s with their borrower, and the ids of those holding the viewer's items."""
    rows = fetch(OPEN_LOANS, [
        viewer.person.pk, viewer.user.organisation_id,
        LoanState.REQUESTED, LoanState.ENDORSED, LoanState.APPROVED,
        LoanState.ON_LOAN, day(add_working_days(viewer.today, 1, viewer.calendar)),
    ])  # fmt: skip
    loans, kept, n = [], set(), len(LOAN_FIELDS)
    for row in rows:
        loan = instance(Loan, LOAN_FIELDS, row[:n])
        Loan.borrower.field.set_cached_value(loan, instance(Person, BORROWER_FIELDS, row[n : n + 5]))
        loans.append(loan)
        if row[-1]:
            kept.add(loan.pk)
    return loans, kept


class Above(NamedTuple):
    unit_id: int | None


class Post(NamedTuple):
    """A post as `actions.waiting_for` reads it: `Position`'s attributes, without a model instance
    for each of the organisation's posts on every dashboard."""

    pk: int
    unit_id: int | None
    reports_to_id: int | None
    reports_to: Above | None
    roles: list[str]


def _positions(viewer) -> list[Post]:
    """The organisation's posts in their order, each with the unit of the post it reports to."""
    return [
        Post(pk, unit, up, None if up is None else Above(up_unit), roles)
        for pk, unit, up, up_unit, roles in viewer.org_positions()
    ]


def work_for(viewer) -> list:
    person = viewer.person
    if person is None:
        return []
    loans, kept = _loans(viewer)
    if not loans:
        return []
    waiting = actions.waiting_for(viewer.user, loans, positions=_positions(viewer), kept=kept)
    found = [
        viewer.entry(
            TITLES[loan.state],
            _title(loan),
            viewer.link("property:loan_detail", loan_id=loan.pk),
            loan.ends_on if loan.state == LoanState.ON_LOAN else loan.starts_on,
        )
        for loan in waiting
    ]
    found += [
        viewer.entry(
            "property.return",
            _("Return the property of loan %(no)s: %(purpose)s")
            % {"no": to_thai_digits(loan.pk), "purpose": loan.purpose[:80]},
            viewer.link("property:loan_detail", loan_id=loan.pk),
            loan.ends_on,
        )
        for loan in loans
        if loan.state == LoanState.ON_LOAN and loan.borrower_id == person.pk
    ]
    return found
