"""Reading for my work in hand-written SQL (docs/adr/0005-hand-written-sql-for-report-pages.md).

The list opens every staff member's dashboard. Built through the ORM, its dozen small statements
cost 1–2 ms of Python each to compile, more than the database takes to answer them, so each
provider (`<app>/work.py`) writes its statements once, in the SQL that SQLite and PostgreSQL share,
with the organisation as their first condition and every value a parameter. Rows come back as
tuples of plain values; `tests/test_sql_matches_orm.py` recomputes every list through the ORM.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime

from django.db import connection


def fetch(statement: str, params: list | tuple) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_one_plan(statement), params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=256)
def _one_plan(statement: str) -> str:
    """The statement with each parameter read as `(SELECT %s)`.

    A prepared statement is planned afresh for each execution while PostgreSQL finds a plan for
    the actual values cheaper than its generic plan; for the organisation and state filters here
    it always does (their statistics differ by value), so every dashboard paid 0.5–0.8 ms of
    planning per statement for a plan that runs in 0.1 ms. Read through a sub-select, a value no
    longer changes the estimate, the generic plan costs the same, and it is kept for the
    connection. The same rows on both databases; SQLite compares them by the column's affinity."""
    return statement.replace("%s", "(SELECT %s)")


def day(value: date):
    """A date as a statement's parameter, in the form the database's date columns keep."""
    return connection.ops.adapt_datefield_value(value)


def moment(value: datetime):
    """A time as a statement's parameter (SQLite keeps naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def in_list(values) -> str:
    """Placeholders for `IN (...)`: one per value (callers never pass an empty list)."""
    return ", ".join(["%s"] * len(values))


def json_list(value) -> list:
    """A JSON column's list as read by a raw cursor: text on SQLite (and on PostgreSQL through
    Django's connection, which leaves JSON undecoded for `JSONField`), a list otherwise."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, (str, bytes)) else value
