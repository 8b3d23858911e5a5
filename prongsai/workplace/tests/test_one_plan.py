"""My work's statements keep one plan per connection on PostgreSQL (workplace/sql.py, ADR 0005).

A prepared statement whose organisation's rows are few next to another organisation's many was
planned afresh at every dashboard, since the value's own plan looked cheaper than the generic one.
"""

from __future__ import annotations

import pytest
from django.db import connection

from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.plans.models import ReviewState, StepUpdate
from prongsai.plans.tests.factories import make_measure, make_plan, make_step, make_update
from prongsai.plans.work import REVIEWS
from prongsai.workplace.sql import fetch

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache"),
]


def _step(org):
    return make_step(make_measure(make_plan(org)), make_unit(org, "กองช่าง"))


def test_the_reviews_statement_is_not_planned_again_at_every_execution():
    big, small = make_org(), make_org()
    writer, reader = make_staff(big, "writer"), make_staff(small, "reader")
    first = make_update(_step(big), writer, state=ReviewState.SUBMITTED)
    states = (ReviewState.SUBMITTED, ReviewState.ACCEPTED)
    StepUpdate.objects.bulk_create(
        StepUpdate(
            organisation=big, step=first.step, author=writer, text=f"รายงาน {n}", progress=10,
            date=first.date, status=first.status, state=states[n % 2],
        )
        for n in range(3000)
    )  # fmt: skip
    mine = make_update(_step(small), make_staff(small, "engineer"), state=ReviewState.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_stepupdate")
    for _ in range(20):
        rows = fetch(REVIEWS, [small.pk, ReviewState.SUBMITTED, reader.pk])
    assert [row[0] for row in rows] == [mine.step_id]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM plans_stepupdate su%"],
        )
        generic, custom = cursor.fetchone()
    assert custom <= 5 < generic  # planned for the values only until its plan is settled
