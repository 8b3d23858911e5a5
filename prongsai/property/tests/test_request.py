"""Reserving items: clashes refused with the next free days, bad requests refused, nothing half-saved."""

import itertools
import threading
from datetime import date, timedelta

import pytest
from django.db import OperationalError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core.tests.factories import make_org
from prongsai.property import actions
from prongsai.property.models import Category, ItemStatus, Loan, LoanItem
from prongsai.property.tests.factories import make_borrower, make_item, make_loan, make_office, make_rules

TODAY = date(2022, 3, 25)


@pytest.fixture
def setting(db):
    org = make_org()
    unit, head, _officer, _clerk = make_office(org)
    return org, unit, head, make_borrower(org)


def test_a_clash_is_refused_with_the_next_free_day(setting):
    org, unit, _, borrower = setting
    item = make_item(org, unit)
    make_loan(borrower, [item], today=TODAY, start=TODAY + timedelta(days=2), days=3)  # 27–29 March
    with pytest.raises(actions.Conflict) as error:
        make_loan(borrower, [item], today=TODAY, start=TODAY + timedelta(days=3), days=2)
    assert error.value.next_free == date(2022, 3, 30)
    assert "๓๐ มีนาคม" in error.value.messages[0]
    assert Loan.objects.for_org(org).count() == 1


def test_a_loan_on_other_days_or_a_refused_one_does_not_block(setting):
    org, unit, head, borrower = setting
    item = make_item(org, unit)
    first = make_loan(borrower, [item], today=TODAY, start=TODAY, days=2)
    make_loan(borrower, [item], today=TODAY, start=TODAY + timedelta(days=2))
    actions.transition(first, "refuse", head, today=TODAY, note="ไม่ว่าง")
    assert make_loan(borrower, [item], today=TODAY, start=TODAY).pk


def test_one_clashing_item_refuses_the_whole_request(setting):
    org, unit, _, borrower = setting
    free, taken = make_item(org, unit), make_item(org, unit)
    make_loan(borrower, [taken], today=TODAY)
    with pytest.raises(actions.Conflict) as error:
        make_loan(borrower, [free, taken], today=TODAY)
    assert error.value.items == [taken]
    assert not LoanItem.objects.filter(item=free).exists()


@pytest.mark.parametrize(
    "status", [ItemStatus.WRITTEN_OFF, ItemStatus.LOST, ItemStatus.UNDER_REPAIR]
)  # fmt: skip
def test_an_item_out_of_service_cannot_be_borrowed(setting, status):
    org, unit, _, borrower = setting
    item = make_item(org, unit, status=status)
    with pytest.raises(actions.LoanError, match="Not available"):
        make_loan(borrower, [item], today=TODAY)
    assert not Loan.objects.for_org(org).exists()


def test_dates_in_the_past_or_backwards_are_refused(setting):
    org, unit, _, borrower = setting
    item = make_item(org, unit)
    with pytest.raises(actions.LoanError, match="past"):
        make_loan(borrower, [item], today=TODAY, start=TODAY - timedelta(days=1))
    rules = actions.current_rules(org)
    with pytest.raises(actions.LoanError, match="before"):
        actions.request_loan(
            borrower.person, [item], starts_on=TODAY, ends_on=TODAY - timedelta(days=1), purpose="x",
            today=TODAY, rules_version=rules.version,
        )  # fmt: skip
    assert not Loan.objects.for_org(org).exists()


def test_the_borrower_must_acknowledge_the_current_rules_version(setting):
    org, unit, _, borrower = setting
    item = make_item(org, unit)
    old = make_rules(org)
    new = make_rules(org, text="ฉบับปรับปรุง")
    with pytest.raises(actions.LoanError, match="current usage rules"):
        actions.request_loan(
            borrower.person, [item], starts_on=TODAY, ends_on=TODAY, purpose="x", today=TODAY,
            rules_version=old.version,
        )  # fmt: skip
    loan = actions.request_loan(
        borrower.person,
        [item],
        starts_on=TODAY,
        ends_on=TODAY,
        purpose="x",
        today=TODAY,
        rules_version=new.version,
    )
    assert (loan.rules, loan.rules_acknowledged_at is not None) == (new, True)


def test_items_of_two_units_need_two_requests(setting):
    org, unit, _, borrower = setting
    with pytest.raises(actions.LoanError, match="separate"):
        make_loan(borrower, [make_item(org, unit), make_item(org)], today=TODAY)


def test_another_organisations_item_cannot_be_requested(setting):
    _org, _unit, _, borrower = setting
    foreign = make_item(make_org())
    with pytest.raises(actions.LoanError):
        make_loan(borrower, [foreign], today=TODAY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    requests=st.lists(
        st.tuples(
            st.sets(st.integers(0, 2), min_size=1), st.integers(0, 12), st.integers(1, 4), st.booleans()
        ),
        min_size=1, max_size=12,
    )
)  # fmt: skip
def test_no_two_holding_loans_of_an_item_ever_overlap(setting, requests):
    """Whatever requests come in, in whatever order, the accepted ones never share an item's day."""
    org, unit, head, borrower = setting
    LoanItem.objects.for_org(org).update(holding=False)
    items = [make_item(org, unit) for _ in range(3)]
    for chosen, offset, days, approve in requests:
        try:
            loan = make_loan(
                borrower,
                [items[i] for i in chosen],
                today=TODAY,
                start=TODAY + timedelta(days=offset),
                days=days,
            )
        except actions.Conflict as clash:
            # The offered start really is free for the same items and length.
            assert make_loan(borrower, clash.items, today=TODAY, start=clash.next_free, days=days).pk
            continue
        if approve:
            actions.transition(loan, "approve", head, today=TODAY)
    for item in items:
        spans = sorted(LoanItem.objects.filter(item=item, holding=True).values_list("starts_on", "ends_on"))
        assert all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def real_concurrency():
    """Threads racing need row locks: PostgreSQL. SQLite's shared in-memory test database can
    deadlock them (it refuses at once instead of waiting), so the SQLite run of `make test` skips
    these and the PostgreSQL run, which CI always makes, runs them."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (the second run of make test)")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_the_same_day_let_exactly_one_through():
    """Threads with their own connections race for one item; the lock lets one win, the rest clash."""
    real_concurrency()
    org = make_org()
    unit, _, _, _ = make_office(org)
    item = make_item(org, unit, category=Category.VEHICLE)
    rules = make_rules(org)
    borrowers = [make_borrower(org) for _ in range(6)]
    outcomes, barrier = [], threading.Barrier(len(borrowers))

    def attempt(user) -> str:
        try:
            actions.request_loan(
                user.person, [item], starts_on=TODAY, ends_on=TODAY, purpose="ลงพื้นที่", today=TODAY,
                rules_version=rules.version, destination="หมู่ ๓",
            )  # fmt: skip
            return "ok"
        except actions.Conflict:
            return "clash"
        except OperationalError as exc:
            # The in-memory test database fails at once where a file database's busy timeout waits.
            if "locked" not in str(exc):
                raise
            return "retry"

    def race(user):
        barrier.wait()
        try:
            outcome = "retry"
            while outcome == "retry":
                outcome = attempt(user)
            outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(u,)) for u in borrowers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["clash"] * 5 + ["ok"]
    assert LoanItem.objects.filter(item=item, holding=True).count() == 1


def _race(targets) -> list:
    """Run each callable in its own thread and connection, all released at once; returns their results."""
    results, barrier = [None] * len(targets), threading.Barrier(len(targets))

    def run(n, target):
        barrier.wait()
        try:
            while True:
                try:
                    results[n] = target()
                    break
                except OperationalError as exc:  # in-memory SQLite only; see the test above
                    if "locked" not in str(exc):
                        raise
        except Exception as exc:
            results[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, t)) for n, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_requests_never_double_book():
    real_concurrency()
    org = make_org()
    unit, head, _, _ = make_office(org)
    items = [make_item(org, unit), make_item(org, unit)]
    rules = make_rules(org)
    spans = [(0, 2), (1, 3), (2, 4), (3, 5), (5, 6), (6, 8), (0, 0), (8, 9)]

    def requester(n, first, last):
        user = make_borrower(org)
        chosen = items if n % 2 else items[:1]
        return lambda: actions.request_loan(
            user.person, chosen, starts_on=TODAY + timedelta(days=first),
            ends_on=TODAY + timedelta(days=last), purpose=f"คำขอ {n}", today=TODAY,
            rules_version=rules.version,
        )  # fmt: skip

    results = _race([requester(n, a, b) for n, (a, b) in enumerate(spans)])
    assert all(isinstance(r, Loan | actions.Conflict) for r in results), results
    assert any(isinstance(r, Loan) for r in results)
    for item in items:
        held = sorted(LoanItem.objects.filter(item=item, holding=True).values_list("starts_on", "ends_on"))
        assert all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(held)), held
    # Concurrent approvals of one loan: exactly one goes through, the other is told it is done.
    loan = next(r for r in results if isinstance(r, Loan))
    outcome = _race([lambda: actions.transition(loan, "approve", head, today=TODAY)] * 2)
    assert sorted(type(o).__name__ for o in outcome) == ["Loan", "LoanError"]
    assert loan.events.filter(action="approve").count() == 1
