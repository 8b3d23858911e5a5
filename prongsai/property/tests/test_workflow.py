"""Loan steps through `actions.transition`: the table, who may act, and what each step records."""

from datetime import date

import pytest

from prongsai.core.duties import DutyRefused
from prongsai.property import actions, workflow
from prongsai.property.models import Category, ItemStatus, LoanEvent, LoanItem, LoanState
from prongsai.property.tests.factories import make_borrower, make_item, make_loan, make_office

pytestmark = pytest.mark.django_db
TODAY = date(2022, 3, 25)


@pytest.fixture
def office(org):
    return make_office(org)


@pytest.fixture
def org():
    from prongsai.core.tests.factories import make_org

    return make_org()


def _loan(org, unit, category=Category.EQUIPMENT):
    borrower = make_borrower(org)
    item = make_item(org, unit, category=category)
    return make_loan(borrower, [item], today=TODAY, start=TODAY, days=2), borrower, item


def test_it_walks_request_approve_hand_over_return(org, office):
    unit, head, officer, _ = office
    loan, _, item = _loan(org, unit)
    actions.transition(loan, "approve", head, today=TODAY)
    actions.transition(
        loan, "hand_over", officer, today=TODAY, data={"condition": "ดี", "borrower_accepts": True}
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_LOAN
    loan = actions.transition(
        loan, "return", officer, today=TODAY, data={"condition": "ดี", "custodian_accepts": True, "damage": ""}
    )
    item.refresh_from_db()
    assert (loan.state, item.status, loan.custodian_accepted_by) == (
        LoanState.RETURNED, ItemStatus.AVAILABLE, officer.person,
    )  # fmt: skip
    assert list(LoanEvent.objects.filter(loan=loan).values_list("action", flat=True)) == [
        "request", "approve", "hand_over", "return",
    ]  # fmt: skip
    assert not LoanItem.objects.filter(loan=loan, holding=True).exists()  # the days are free again


def test_a_damaged_return_puts_the_item_under_repair(org, office):
    unit, head, officer, _ = office
    loan, _, item = _loan(org, unit)
    actions.transition(loan, "approve", head, today=TODAY)
    actions.transition(
        loan, "hand_over", officer, today=TODAY, data={"condition": "ดี", "borrower_accepts": True}
    )
    actions.transition(
        loan, "return", officer, today=TODAY,
        data={"condition": "เลนส์แตก", "damage": "เลนส์แตก", "custodian_accepts": True},
    )  # fmt: skip
    item.refresh_from_db()
    assert item.status == ItemStatus.UNDER_REPAIR


def test_a_vehicle_needs_the_unit_head_then_the_clerk(org, office):
    unit, head, officer, clerk = office
    loan, _, _ = _loan(org, unit, Category.VEHICLE)
    assert actions.available_actions(head, loan) == ["endorse", "refuse"]
    with pytest.raises(actions.LoanError):
        actions.transition(loan, "approve", head, today=TODAY)  # one level is not enough for a vehicle
    loan = actions.transition(loan, "endorse", head, today=TODAY)
    assert loan.state == LoanState.ENDORSED
    with pytest.raises(actions.LoanError):
        actions.transition(loan, "approve", head, today=TODAY)
    loan = actions.transition(loan, "approve", clerk, today=TODAY)
    assert loan.state == LoanState.APPROVED
    with pytest.raises(actions.LoanError, match="mileage"):
        actions.transition(
            loan, "hand_over", officer, today=TODAY, data={"condition": "ดี", "borrower_accepts": True}
        )
    actions.transition(
        loan,
        "hand_over",
        officer,
        today=TODAY,
        data={"condition": "ดี", "borrower_accepts": True, "mileage": 1200},
    )
    with pytest.raises(actions.LoanError, match="lower"):
        actions.transition(
            loan,
            "return",
            officer,
            today=TODAY,
            data={"condition": "ดี", "custodian_accepts": True, "mileage": 1100},
        )
    loan = actions.transition(
        loan,
        "return",
        officer,
        today=TODAY,
        data={"condition": "ดี", "custodian_accepts": True, "mileage": 1260},
    )
    assert (loan.mileage_out, loan.mileage_in) == (1200, 1260)


def test_only_the_custodian_units_head_approves(org, office):
    unit, _head, officer, _ = office
    loan, borrower, _ = _loan(org, unit)
    other_head = make_office(org, unit_name="กองช่าง")[1]
    for user in (officer, other_head):
        with pytest.raises(actions.LoanError):
            actions.transition(loan, "approve", user, today=TODAY)
    with pytest.raises(DutyRefused):  # nobody decides on their own request (core.duties)
        actions.transition(loan, "approve", borrower, today=TODAY)
    loan.refresh_from_db()
    assert loan.state == LoanState.REQUESTED


def test_refusing_needs_a_reason_and_frees_the_days(org, office):
    unit, head, _, _ = office
    loan, _, _ = _loan(org, unit)
    with pytest.raises(actions.LoanError, match="reason"):
        actions.transition(loan, "refuse", head, today=TODAY, note="  ")
    loan = actions.transition(loan, "refuse", head, today=TODAY, note="ใช้ในราชการวันเดียวกัน")
    assert (loan.state, loan.refusal_reason) == (LoanState.REFUSED, "ใช้ในราชการวันเดียวกัน")
    assert not LoanItem.objects.filter(loan=loan, holding=True).exists()


def test_a_return_before_the_hand_over_is_refused_and_changes_nothing(org, office):
    unit, head, officer, _ = office
    loan, _, item = _loan(org, unit)
    actions.transition(loan, "approve", head, today=TODAY)
    with pytest.raises(actions.LoanError) as error:
        actions.transition(
            loan, "return", officer, today=TODAY, data={"condition": "ดี", "custodian_accepts": True}
        )
    assert "not possible" in error.value.messages[0]
    loan.refresh_from_db()
    item.refresh_from_db()
    assert (loan.state, loan.returned_at, item.status) == (LoanState.APPROVED, None, ItemStatus.AVAILABLE)


def test_a_second_approval_of_the_same_loan_is_refused(org, office):
    """Two heads' pages open at once: the second press finds the loan already approved."""
    unit, head, _, _ = office
    loan, _, _ = _loan(org, unit)
    stale = type(loan).objects.get(pk=loan.pk)
    actions.transition(loan, "approve", head, today=TODAY)
    with pytest.raises(actions.LoanError, match="now"):
        actions.transition(stale, "approve", head, today=TODAY)
    assert LoanEvent.objects.filter(loan=loan, action="approve").count() == 1


@pytest.mark.parametrize("state", [s for s in LoanState.values])
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_every_step_outside_the_table_is_refused(org, office, state, action):
    if (state, action) in workflow.TRANSITIONS:
        return
    unit, _, _, clerk = office
    loan, _, _ = _loan(org, unit)
    type(loan).objects.filter(pk=loan.pk).update(state=state)
    with pytest.raises(actions.LoanError):
        actions.transition(loan, action, clerk, today=TODAY, note="x", data={})
    loan.refresh_from_db()
    assert loan.state == state


def test_the_borrower_may_cancel_until_hand_over(org, office):
    unit, head, _, _ = office
    loan, borrower, _ = _loan(org, unit)
    actions.transition(loan, "approve", head, today=TODAY)
    loan = actions.transition(loan, "cancel", borrower, today=TODAY)
    assert loan.state == LoanState.CANCELLED
