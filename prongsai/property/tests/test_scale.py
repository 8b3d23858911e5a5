"""The report and the stocktake at the issue's scale: 5,000 items and 50,000 loans.

Rows are inserted in bulk (the point is the pages' queries, not the write path), then each
page must run exactly as many queries as it does for a handful of rows.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core.tests.factories import make_org
from prongsai.property import stocktake
from prongsai.property.models import Asset, Loan, LoanItem, LoanState, code_key
from prongsai.property.tests.factories import make_office, make_rules

pytestmark = pytest.mark.django_db

ITEMS, LOANS = 5_000, 50_000


def add_history(org, unit, borrower, items: int, loans: int, start: int) -> None:
    assets = Asset.objects.bulk_create(
        Asset(organisation=org, code=f"๔๑๖-๖๔-{n:05d}", code_key=code_key(f"416-64-{n:05d}"),
              name=f"เครื่องมือ {n}", category="tool", unit=unit)
        for n in range(start, start + items)
    )  # fmt: skip
    first_day = date(2021, 10, 1)
    made = Loan.objects.bulk_create(
        Loan(organisation=org, borrower=borrower, unit=unit, purpose="งานบริการประชาชน",
             starts_on=first_day + timedelta(days=n % 360), ends_on=first_day + timedelta(days=n % 360 + 1),
             state=LoanState.RETURNED if n % 7 else LoanState.ON_LOAN)
        for n in range(loans)
    )  # fmt: skip
    LoanItem.objects.bulk_create(
        LoanItem(organisation=org, loan=loan, item=assets[n % len(assets)], starts_on=loan.starts_on,
                 ends_on=loan.ends_on, holding=loan.state == LoanState.ON_LOAN)
        for n, loan in enumerate(made)
    )  # fmt: skip
    if connection.vendor == "postgresql":
        # Autovacuum would gather the planner's statistics after such a load; a test cannot wait.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_report_and_stocktake_cost_the_same_queries_at_5000_items_and_50000_loans(client):
    org = make_org()
    unit, _head, officer, clerk = make_office(org)
    make_rules(org, published=True)
    borrower = officer.person
    add_history(org, unit, borrower, items=3, loans=5, start=0)
    client.force_login(clerk)
    report = reverse("property:report")
    queries(client, report, year=2565)  # warms the cached list of framework versions (one query, once)
    small_report = queries(client, report, year=2565)
    small_check = stocktake.start(org, 2565)
    small_stocktake = queries(client, small_check.get_absolute_url())

    add_history(org, unit, borrower, items=ITEMS, loans=LOANS, start=10)
    assert queries(client, report, year=2565) == small_report
    large_check = stocktake.start(org, 2565)
    assert queries(client, large_check.get_absolute_url()) == small_stocktake
    assert large_check.lines.count() == ITEMS + 3
