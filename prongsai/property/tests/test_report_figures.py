"""The property report's figures after its query savings: the same items and borrowers, fewer queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.property import reports
from prongsai.property.tests.factories import make_item, make_unit
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
    never = reports.never_used(org, start, end)
    assert reports.never_used_count(units) == never.count() == len(idle)

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
