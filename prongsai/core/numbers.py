"""Numbers from the outside world (addresses, query strings, form fields) stay within what the
database can hold, so a huge number is "nothing found" or a form error, never an OverflowError.

Django already answers `pk=10**30` with no rows; `pk__in=[10**30]` (how a multiple-choice form
field and an id list look rows up) still crashed SQLite. `BoundedIn` drops the numbers no
integer column can hold before the query is built; `bounded_int` reads one number from a query
string with a default and a range; `ids` reads a list of row ids.
"""

from __future__ import annotations

from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

# The widest integer column of every backend we run on (PostgreSQL bigint, SQLite INTEGER).
DB_MIN, DB_MAX = -(2**63), 2**63 - 1


def bounded_int(raw, default: int | None = None, low: int = DB_MIN, high: int = DB_MAX) -> int | None:
    """`raw` as an int when it is one within [low, high]; else `default`. Never raises."""
    text = str(raw if raw is not None else "").strip()
    if not text or len(text) > 20 or not text.lstrip("+-").isdigit():
        return default
    value = int(text)
    return value if low <= value <= high else default


def ids(values) -> list[int]:
    """The row ids in `values` (e.g. request.GET.getlist("item")), anything else left out."""
    found = (bounded_int(v, low=1) for v in values)
    return [v for v in found if v is not None]


def _storable(values) -> list:
    return [v for v in values if not isinstance(v, int) or DB_MIN <= v <= DB_MAX]


class BoundedIn(In):
    """`in` on an integer column, ignoring the numbers no column can hold (no row has them)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = _storable(self.rhs)
        return super().process_rhs(compiler, connection)


class BoundedRelatedIn(RelatedIn):
    """The same for a foreign key (`organisation__in=[…]`)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = _storable(self.rhs)
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(BoundedIn)
    ForeignObject.register_lookup(BoundedRelatedIn)
