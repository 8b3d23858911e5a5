"""Model instances, or plain records, from the rows of hand-written statements (docs/adr/0005).

Pages that read through their own SQL still hand templates and rules the values the ORM would
give: the columns come from the models' own fields, and every value goes through the converters
the ORM applies (SQLite's dates and booleans, JSON text), so a page cannot tell. A page that only
shows its rows may take them as `Row`s, which cost a fraction of an instance to make and to print.
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
    """Field names in the model's order, where each given value goes, and (index, column,
    converters) of the fields whose values need converting on this database (on PostgreSQL, few)."""
    connection = connections[using]
    place = {name: i for i, name in enumerate(attnames)}
    fields = [f for f in model._meta.concrete_fields if f.attname in place]
    converting = []
    for i, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        if found := connection.ops.get_db_converters(col) + field.get_db_converters(connection):
            converting.append((i, col, tuple(found)))
    return tuple(f.attname for f in fields), tuple(place[f.attname] for f in fields), tuple(converting)


def instance(model, attnames: tuple[str, ...], values, using: str = "default"):
    """A `model` from the values of `attnames` (any order); fields not given are deferred."""
    names, ordered = _converted(model, attnames, values, using)
    return model.from_db(using, names, ordered)


class Row(dict):
    """A read-only record of a model's columns, `row.title` in Python and `{{ row.title }}` in a
    template. The template engine tries a dictionary look-up before an attribute, and a model
    instance answers that first try with an exception: a page of a few dozen values pays for it.
    """

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def record(model, attnames: tuple[str, ...], values, using: str = "default") -> Row:
    """The values of `attnames` as a `Row` (each converted as `instance` does), with `pk`."""
    names, ordered = _converted(model, attnames, values, using)
    row = Row(zip(names, ordered, strict=True))
    row["pk"] = row[model._meta.pk.attname]
    return row


def _converted(model, attnames, values, using: str) -> tuple[tuple[str, ...], list]:
    names, order, converting = _reading(using, model, tuple(attnames))
    ordered = [values[at] for at in order]
    if converting:
        connection = connections[using]
        for i, col, found in converting:
            value = ordered[i]
            for convert in found:
                value = convert(value, col, connection)
            ordered[i] = value
    return names, ordered
