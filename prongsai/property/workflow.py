"""The states of a loan (การยืมพัสดุ) as data: one table keyed by (state, action).

Vehicles need a second level: the custodian unit's head endorses, the municipal clerk
(ปลัด) approves. Other items are approved by the unit head alone. Hand-over and return are
recorded by the property officer or the item's custodian; the borrower may cancel until
hand-over. `actions.transition` is the only code that changes a loan's state.
"""

from prongsai.property.models import LoanState as S

TRANSITIONS = {
    (S.REQUESTED, "approve"): S.APPROVED,  # unit head; items other than vehicles
    (S.REQUESTED, "endorse"): S.ENDORSED,  # unit head; first level for vehicles
    (S.ENDORSED, "approve"): S.APPROVED,  # clerk; second level for vehicles
    (S.REQUESTED, "refuse"): S.REFUSED,  # reason required
    (S.ENDORSED, "refuse"): S.REFUSED,  # reason required
    (S.REQUESTED, "cancel"): S.CANCELLED,
    (S.ENDORSED, "cancel"): S.CANCELLED,
    (S.APPROVED, "cancel"): S.CANCELLED,
    (S.APPROVED, "hand_over"): S.ON_LOAN,  # condition + borrower's acceptance
    (S.ON_LOAN, "return"): S.RETURNED,  # condition, damage + custodian's acceptance
}
ACTIONS = ("approve", "endorse", "refuse", "cancel", "hand_over", "return")
# States after which the loan no longer holds its items' days.
RELEASING = {S.REFUSED, S.CANCELLED, S.RETURNED}


def target(state: str, action: str) -> str | None:
    return TRANSITIONS.get((state, action))
