"""Thai sorting on both databases with one expression.

PostgreSQL sorts with ICU's `th-TH-x-icu` collation; on SQLite a collation of the same name is
registered on every connection, so `thai_order("name_th")` works unchanged on either.
"""

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

from prongsai.thai.collation import compare

THAI_COLLATION = "th-TH-x-icu"


def thai_order(field: str, descending: bool = False):
    expression = Collate(F(field), THAI_COLLATION)
    return expression.desc() if descending else expression.asc()


def _register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(THAI_COLLATION, compare)


def connect_signals() -> None:
    connection_created.connect(_register_sqlite_collation, dispatch_uid="thai_sqlite_collation")
