"""Numbers from the outside world (addresses, query strings, form fields) stay within what the
database can hold, so a huge number is "nothing found" or a form error, never an OverflowError.

Django already answers `pk=10**30` with no rows; `pk__in=[10**30]` (how a multiple-choice form
field and an id list look rows up) still crashed SQLite. `BoundedIn` drops the numbers no
integer column can hold before the query is built.
"""

from __future__ import annotations

from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

# The widest integer column of every backend we run on (PostgreSQL bigint, SQLite INTEGER).
DB_MIN, DB_MAX = -(2**63), 2**63 - 1


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
