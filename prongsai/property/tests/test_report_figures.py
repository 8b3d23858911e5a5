"""The property report's figures after its query savings: the same items and borrowers, fewer queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import Unit, User
from prongsai.core.tests.factories import login_verified, make_org
from prongsai.property import actions, reports
from prongsai.property.models import Asset, Loan, LoanItem, LoanState
from prongsai.property.tests.factories import (
    make_borrower,
    make_item,
    make_loan,
    make_office,
    make_rules,
    make_unit,
)
from prongsai.property.tests.test_views import _history, login, office  # noqa: F401 (a fixture)
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

pytestmark = pytest.mark.django_db


def test_never_used_items_are_counted_from_the_units_rows(client, office):  # noqa: F811
    org, unit, head, officer, clerk = office
    _history(org, unit, head, officer, 4, 6)  # four items, each handed over at least once
    other = make_unit(org, name="กองช่าง")
    idle = [make_item(org, other) for _ in range(3)] + [make_item(org, unit)]
    today = timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year_of(today))
    units = reports.by_unit(org, start, end, today)
    never = reports.never_used(org, start, end, units)
    assert len(never) == len(idle)
    assert {item.pk for item in never[0:100]} == {item.pk for item in idle}

    with CaptureQueriesContext(connection) as queries:
        response = login(client, clerk).get(reverse("property:report"))
    page = response.context["page"]
    assert page.paginator.count == len(idle)
    assert {item.pk for item in page} == {item.pk for item in idle}
    assert all(item.code in response.content.decode() for item in idle)
    # The never-used list and the borrowers cost one query each, with no COUNT beside them.
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert not [sql for sql in counts if "property_" in sql]


def test_borrowers_are_listed_whole_and_paged_in_order(client, office):  # noqa: F811
    org, unit, head, officer, clerk = office
    _history(org, unit, head, officer, 2, 30)  # 30 loans by 30 borrowers: two pages of 25
    first = login(client, clerk).get(reverse("property:report")).context["people"]
    second = client.get(reverse("property:report"), {"people": 2}).context["people"]
    assert first.paginator.count == 30 and len(first) == 25 and len(second) == 5
    names = [row["borrower__first_name"] for row in [*first, *second]]
    today = timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year_of(today))
    assert names == [row["borrower__first_name"] for row in reports.by_person(org, start, end, today)]


DAY = date(2022, 3, 1)  # fiscal year 2565


def _country_office(unit_name):
    """An organisation with two custodian units and, in fiscal year 2565, a loan in each outcome."""
    org = make_org()
    unit, head, officer, clerk = make_office(org, unit_name=unit_name)
    works, works_head, works_officer, _clerk = make_office(org, unit_name="กองช่าง")
    make_rules(org, published=True)

    def lend(items, start, *steps):
        loan = make_loan(make_borrower(org), items, today=start, start=start, days=3)
        for action, by, kwargs in steps:
            day = start + timedelta(days=kwargs.pop("after", 0))
            actions.transition(loan, action, by, today=day, **kwargs)
        return loan

    given = ("hand_over", officer, {"data": {"condition": "ดี", "borrower_accepts": True}})
    back_late = ("return", officer, {"after": 6, "data": {"condition": "ล้อแตก", "damage": "ล้อแตก",
                                                          "custodian_accepts": True}})  # fmt: skip
    lend([make_item(org, unit), make_item(org, unit)], DAY, ("approve", head, {}), given, back_late)
    lend([make_item(org, unit)], DAY, ("refuse", head, {"note": "ซ้ำกับรายการอื่น"}))
    works_given = ("hand_over", works_officer, {"data": {"condition": "ดี", "borrower_accepts": True}})
    approved = ("approve", works_head, {})
    overdue = lend([make_item(org, works)], DAY + timedelta(days=10), approved, works_given)
    lend([make_item(org, works)], DAY + timedelta(days=20))  # requested only
    idle = make_item(org, works)
    return org, clerk, overdue, idle


def _expected_units(org, start, end, today):
    """The unit figures counted row by row in Python, the long way round."""
    loans = [
        loan for loan in Loan.objects.for_org(org).prefetch_related("lines")
        if loan.starts_on <= end and loan.ends_on >= start
    ]  # fmt: skip
    lines = [
        line for line in LoanItem.objects.for_org(org).select_related("loan", "item")
        if line.starts_on <= end and line.ends_on >= start and line.loan.state in reports.USED
    ]  # fmt: skip
    rows = {}
    for unit in Unit.objects.for_org(org):
        mine = [loan for loan in loans if loan.unit_id == unit.pk]
        rows[unit.name_th] = {
            "items": Asset.objects.for_org(org).filter(unit=unit).count(),
            "items_used": len({line.item_id for line in lines if line.item.unit_id == unit.pk}),
            "requested": len(mine),
            "used": sum(loan.state in reports.USED for loan in mine),
            "refused": sum(loan.state == LoanState.REFUSED for loan in mine),
            "overdue": sum(loan.is_overdue(today) for loan in mine),
            "late": sum(bool(loan.returned_on and loan.returned_on > loan.ends_on) for loan in mine),
            "damaged": sum(bool(loan.damage) for loan in mine),
        }
    return {name: row for name, row in rows.items() if row["items"] or row["requested"]}


def test_every_figure_of_the_report_matches_the_loans_counted_one_by_one(client):
    org, clerk, overdue, idle = _country_office("กองคลัง")
    _country_office("กองคลังอีกแห่ง")  # another organisation's loans count nowhere here
    client.force_login(clerk)
    response = client.get(reverse("property:report"), {"year": 2565})
    assert response.status_code == 200
    today = timezone.localdate()
    start, end = fiscal_year_bounds(2565)
    rows = response.context["units"]
    shown = {row["unit"].name_th: {k: v for k, v in row.items() if k != "unit"} for row in rows}
    assert shown == _expected_units(org, start, end, today)
    assert shown["กองคลัง"] == {"items": 3, "items_used": 2, "requested": 2, "used": 1, "refused": 1,
                                "overdue": 0, "late": 1, "damaged": 1}  # fmt: skip
    assert shown["กองช่าง"] == {"items": 3, "items_used": 1, "requested": 2, "used": 1, "refused": 0,
                               "overdue": 1, "late": 0, "damaged": 0}  # fmt: skip
    people = list(response.context["people"])
    assert [p["requested"] for p in people] == [1, 1, 1, 1] and [p["used"] for p in people] == [1, 1, 0, 0]
    assert [sum(p[k] for p in people) for k in ("refused", "overdue", "late", "damaged")] == [1, 1, 1, 1]
    [listed] = response.context["overdue"]
    page = response.content.decode()
    assert listed.pk == overdue.pk and listed.get_absolute_url() in page
    assert overdue.borrower.full_name in page and listed.unit.name_th == "กองช่าง"
    never = [item.pk for item in response.context["page"]]
    assert idle.pk in never and len(never) == response.context["page"].paginator.count == 3
    assert idle.code in page


def test_a_superuser_without_an_organisation_gets_an_empty_report(client):
    admin = User.objects.create_user("root-without-org", password="x" * 16, is_superuser=True, is_staff=True)
    response = login_verified(client, admin).get(reverse("property:report"))
    assert response.status_code == 200
    assert list(response.context["units"]) == list(response.context["people"]) == []
    assert list(response.context["overdue"]) == list(response.context["page"]) == []
