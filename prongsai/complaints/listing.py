"""The officers' list of cases, taken from the one pass the conflict check makes anyway.

An officer never sees a case they are in conflict with (`actions.hidden_from`), and finding those
means reading every case of the organisation. The list takes its rows from that same read: one
statement for the cases (with the unit concerned the check needs and the officer each case is
assigned to), then the filters and the page in Python, instead of a second query for the page and
a COUNT beside it. The order is the model's (newest number first).

The statement is written by hand (docs/adr/0005): every officer's every visit pays for it, and
compiling the ORM's four-table join cost several times what the database takes to answer it. The
rows are the model instances the ORM gives (tests/test_case_list.py compares them).
"""

# ruff: noqa: S608 -- the statement is built from the models' column names only; values are parameters

from __future__ import annotations

from datetime import date

from django.db import connections, router

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.complaints.workflow import OPEN_STATES
from prongsai.core import rows
from prongsai.core.models import Organisation, Person, Unit, User

# What neither the list nor the conflict check reads (the check reads `concerned` and `description`).
UNREAD = ("identity_enc", "when_where_enc", "receipt_hash", "receipt_lookup")

_CASE, _CASE_COLUMNS = rows.columns(Complaint, "c", frozenset(UNREAD))
_UNIT, _UNIT_COLUMNS = rows.columns(Unit, "u")
_OFFICER, _OFFICER_COLUMNS = rows.columns(User, "a", frozenset({"password"}))  # never shown
_PERSON, _PERSON_COLUMNS = rows.columns(Person, "p")
CASES_SQL = f"""
SELECT {_CASE_COLUMNS}, {_UNIT_COLUMNS}, {_OFFICER_COLUMNS}, {_PERSON_COLUMNS}
FROM "{Complaint._meta.db_table}" c
LEFT JOIN "{Unit._meta.db_table}" u ON u."id" = c."unit_concerned_id"
LEFT JOIN "{User._meta.db_table}" a ON a."id" = c."assigned_to_id"
LEFT JOIN "{Person._meta.db_table}" p ON p."user_id" = a."id"
WHERE c."organisation_id" = %s
ORDER BY c."year" DESC, c."seq" DESC
"""
_UNIT_AT = len(_CASE)
_OFFICER_AT = _UNIT_AT + len(_UNIT)
_PERSON_AT = _OFFICER_AT + len(_OFFICER)


def all_cases(organisation: Organisation) -> list[Complaint]:
    """Every case of the organisation, newest first, each with its unit concerned and its officer
    (with the officer's person), as `select_related` would give them."""
    alias = router.db_for_read(Complaint)
    with connections[alias].cursor() as cursor:
        cursor.execute(CASES_SQL, [organisation.pk])
        found_rows = cursor.fetchall()
    cases = []
    for row in found_rows:
        case = rows.instance(Complaint, _CASE, row[:_UNIT_AT], alias)
        unit = row[_UNIT_AT:_OFFICER_AT]
        case.unit_concerned = rows.instance(Unit, _UNIT, unit, alias) if unit[0] is not None else None
        officer = row[_OFFICER_AT:_PERSON_AT]
        case.assigned_to = rows.instance(User, _OFFICER, officer, alias) if officer[0] is not None else None
        if case.assigned_to is not None:
            person = row[_PERSON_AT:]
            person = rows.instance(Person, _PERSON, person, alias) if person[0] is not None else None
            User.person.related.set_cached_value(case.assigned_to, person)
            if person is not None:
                Person.user.field.set_cached_value(person, case.assigned_to)
        cases.append(case)
    return cases


def visible_cases(
    user: User,
    organisation: Organisation,
    *,
    state: str = "",
    category: str = "",
    overdue_on: date | None = None,
) -> list[Complaint]:
    """The organisation's cases `user` may see, newest first; `overdue_on` keeps the open cases due
    before that day (the "overdue only" filter)."""
    cases = all_cases(organisation)
    hidden = actions.hidden_from(user, organisation, cases)
    return [
        case
        for case in cases
        if case.pk not in hidden
        and (not state or case.state == state)
        and (not category or case.category == category)
        and (overdue_on is None or (case.state in OPEN_STATES and case.due_on and case.due_on < overdue_on))
    ]
