"""The signed-in user and what every staff page asks of them, in one statement written once.

Every staff request loads the login with its organisation, person, post and unit, whether an
acting appointment names them today, their unread notices and how far their organisation's audit
chain has grown (the menu's badges). Through the ORM that was three statements and about 4 ms of
Python compiling them on each request, more than the database took to answer; here the statement
is written once per process from the models' own columns (ADR 0005) and rows become model
instances with `from_db`, related exactly as `select_related` would relate them.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from prongsai.core import rows
from prongsai.core.models import (
    ActingAppointment,
    AuditEntry,
    Notification,
    Organisation,
    Person,
    Position,
    Unit,
)

# The joined tables in the order their columns come back (None: the user model, known once apps load).
_CHAIN = (("u", None), ("o", Organisation), ("p", Person), ("po", Position), ("un", Unit))


@functools.cache
def _statement() -> tuple[str, tuple]:
    """The statement, and per table its model and field names (worked out once per process)."""
    tables = [(alias, model or get_user_model()) for alias, model in _CHAIN]
    read = [(alias, model, *rows.columns(model, alias)) for alias, model in tables]
    quote = connections["default"].ops.quote_name
    table = {alias: quote(model._meta.db_table) for alias, model in tables}
    acting, audit, notice = (quote(m._meta.db_table) for m in (ActingAppointment, AuditEntry, Notification))
    start, end = quote("start"), quote("end")
    sql = f"""
        SELECT {", ".join(selected for *_rest, selected in read)},
          EXISTS (SELECT 1 FROM {acting} a WHERE a.{start} <= %s AND a.{end} >= %s
                  AND (a.person_id = p.id OR a.position_id = p.position_id)),
          (SELECT count(*) FROM {notice} n WHERE n.recipient_id = u.id AND n.read_at IS NULL),
          COALESCE((SELECT e.seq FROM {audit} e WHERE e.organisation_id = u.organisation_id
                    ORDER BY e.seq DESC LIMIT 1), 0)
        FROM {table["u"]} u
        LEFT JOIN {table["o"]} o ON o.id = u.organisation_id
        LEFT JOIN {table["p"]} p ON p.user_id = u.id
        LEFT JOIN {table["po"]} po ON po.id = p.position_id
        LEFT JOIN {table["un"]} un ON un.id = po.unit_id
        WHERE u.id = %s"""  # noqa: S608 - names come from the models, values are parameters
    return sql, tuple((alias, model, names) for alias, model, names, _selected in read)


def load(user_id, using: str = "default"):
    """The user with `organisation`, `person.position.unit` loaded, plus `acting_today`,
    `unread_at_load` and `audit_seq_at_load`; None when no such user."""
    connection = connections[using]
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    sql, tables = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, day, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, at = {}, 0
    for alias, model, names in tables:
        values = row[at : at + len(names)]
        at += len(names)
        present = values[names.index(model._meta.pk.attname)] is not None
        instances[alias] = rows.instance(model, names, values, using) if present else None
    user_model = get_user_model()
    user, person = instances["u"], instances["p"]
    user_model._meta.get_field("organisation").set_cached_value(user, instances["o"])
    user_model._meta.get_field("person").set_cached_value(user, person)
    if person is not None:
        Person._meta.get_field("user").set_cached_value(person, user)
        Person._meta.get_field("position").set_cached_value(person, instances["po"])
        if instances["po"] is not None:
            Position._meta.get_field("unit").set_cached_value(instances["po"], instances["un"])
    user.acting_today, user.unread_at_load, user.audit_seq_at_load = bool(row[at]), row[at + 1], row[at + 2]
    return user
