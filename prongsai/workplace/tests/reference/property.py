"""My work in property: loans to approve (or endorse), to hand over, and to chase back.

Who takes which step is `actions.waiting_for` (the custodian unit's head, the clerk for
vehicles' second level, a stand-in superior when the borrower would decide; the property officer,
the item's custodian or the unit head hands over and takes back), in a fixed number of queries.
A decision is due before the loan's first day; a loan on loan is chased from the working day
before its last day (`reminders.reminders_for`), by the keepers and by the borrower.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from prongsai.property import actions
from prongsai.property.models import Loan, LoanState
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.workdays import add_working_days

TITLES = {
    LoanState.REQUESTED: "property.approve",
    LoanState.ENDORSED: "property.approve",
    LoanState.APPROVED: "property.hand_over",
    LoanState.ON_LOAN: "property.chase",
}


def _title(loan: Loan) -> str:
    values = {"no": to_thai_digits(loan.pk), "name": loan.borrower.full_name, "purpose": loan.purpose[:80]}
    if loan.state in (LoanState.REQUESTED, LoanState.ENDORSED):
        return _("Decide on loan %(no)s for %(name)s: %(purpose)s") % values
    if loan.state == LoanState.APPROVED:
        return _("Hand over loan %(no)s to %(name)s: %(purpose)s") % values
    return _("Take back loan %(no)s from %(name)s, due back: %(purpose)s") % values


def work_for(viewer) -> list:
    person = viewer.person
    if person is None:
        return []
    horizon = add_working_days(viewer.today, 1, viewer.calendar)
    loans = list(
        Loan.objects.filter(organisation_id=person.organisation_id)
        .filter(
            Q(state__in=(LoanState.REQUESTED, LoanState.ENDORSED, LoanState.APPROVED))
            | Q(state=LoanState.ON_LOAN, ends_on__lte=horizon)
        )
        .select_related("organisation", "borrower__position", "unit")
        .order_by("starts_on", "pk")
    )
    found = [
        viewer.entry(
            TITLES[loan.state],
            _title(loan),
            loan.get_absolute_url(),
            loan.ends_on if loan.state == LoanState.ON_LOAN else loan.starts_on,
        )
        for loan in actions.waiting_for(viewer.user, loans)
    ]
    found += [
        viewer.entry(
            "property.return",
            _("Return the property of loan %(no)s: %(purpose)s")
            % {"no": to_thai_digits(loan.pk), "purpose": loan.purpose[:80]},
            loan.get_absolute_url(),
            loan.ends_on,
        )
        for loan in loans
        if loan.state == LoanState.ON_LOAN and loan.borrower_id == person.pk
    ]
    return found
