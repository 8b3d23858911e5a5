"""Model instances from the rows of hand-written statements (docs/adr/0005), as the ORM makes them.

Pages that read through their own SQL still hand templates and rules the model instances the ORM
would give: the columns come from the models' own fields, and every value goes through the
converters the ORM applies (SQLite's dates and booleans, JSON text), so a page cannot tell.
"""

from __future__ import annotations

import functools

from django.db import connections


def columns(model, alias: str, skip=frozenset()) -> tuple[tuple[str, ...], str]:
    """The model's field names in its own order, and the SQL that selects them from `alias`."""
    quote = connections["default"].ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
    return tuple(f.attname for f in fields), ", ".join(f"{alias}.{quote(f.column)}" for f in fields)


@functools.cache
def _reading(using: str, model, attnames: tuple[str, ...]) -> tuple[tuple[str, ...], tuple, tuple]:
    """Field names in the model's order, where each given value goes, and the converters per value."""
    connection = connections[using]
    place = {name: i for i, name in enumerate(attnames)}
    fields = [f for f in model._meta.concrete_fields if f.attname in place]
    converters = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        converters.append((col, tuple(found)))
    return tuple(f.attname for f in fields), tuple(place[f.attname] for f in fields), tuple(converters)


def instance(model, attnames: tuple[str, ...], values, using: str = "default"):
    """A `model` from the values of `attnames` (any order); fields not given are deferred."""
    names, order, converters = _reading(using, model, tuple(attnames))
    connection = connections[using]
    ordered = []
    for at, (col, found) in zip(order, converters, strict=True):
        value = values[at]
        for convert in found:
            value = convert(value, col, connection)
        ordered.append(value)
    return model.from_db(using, names, ordered)
