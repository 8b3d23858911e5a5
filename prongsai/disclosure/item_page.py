"""The public OIT item page's two reads, written by hand (docs/adr/0005).

Why: the page ITAS and assessors open most, for thousands of organisations, so its page cache is
mostly cold. Building the two ORM statements cost several times what PostgreSQL takes to answer
them, more than the rest of the page. The columns come from the models' own fields, so the rows
are the same model instances the ORM would give (the organisation's `post_init` still sets the
page's digit style); a publication's extracted text and search index, never shown, are not read.
"""

# ruff: noqa: S608 -- the statements are built from the models' column names only; values are parameters

from __future__ import annotations

from django.db import connections, router

from prongsai.core import rows
from prongsai.core.models import Organisation, Unit
from prongsai.core.numbers import DB_MAX, DB_MIN
from prongsai.disclosure.models import Item, Publication

NOT_SHOWN = frozenset({"file_text", "search_text"})  # a publication's long text, for search only


_ITEM, _ITEM_COLUMNS = rows.columns(Item, "i")
_ORG, _ORG_COLUMNS = rows.columns(Organisation, "o")
_PUB, _PUB_COLUMNS = rows.columns(Publication, "p", NOT_SHOWN)
_UNIT, _UNIT_COLUMNS = rows.columns(Unit, "u")

ITEM_SQL = f"""
SELECT {_ITEM_COLUMNS}, {_ORG_COLUMNS}
FROM "{Item._meta.db_table}" i JOIN "{Organisation._meta.db_table}" o ON o."id" = i."organisation_id"
WHERE o."slug" = %s AND i."year" = %s AND i."code" = %s
"""
PUBLICATIONS_SQL = f"""
SELECT {_PUB_COLUMNS}, {_UNIT_COLUMNS}
FROM "{Publication._meta.db_table}" p LEFT JOIN "{Unit._meta.db_table}" u ON u."id" = p."unit_id"
WHERE p."organisation_id" = %s AND p."item_id" = %s
ORDER BY p."publish_at" DESC, p."id" DESC
"""


def item(org_slug: str, year: int, code: str) -> Item | None:
    """The organisation's item of `year` with that code (one at most), its organisation attached."""
    if not DB_MIN <= year <= DB_MAX:  # from the address: no column holds it, so no item has it
        return None
    alias = router.db_for_read(Item)
    with connections[alias].cursor() as cursor:
        cursor.execute(ITEM_SQL, [org_slug, year, code])
        row = cursor.fetchone()
    if row is None:
        return None
    found = rows.instance(Item, _ITEM, row[: len(_ITEM)], alias)
    found.organisation = rows.instance(Organisation, _ORG, row[len(_ITEM) :], alias)
    return found


def publications(found: Item) -> list[Publication]:
    """The item's publications, newest first, each with its responsible unit (or none)."""
    alias = router.db_for_read(Publication)
    with connections[alias].cursor() as cursor:
        cursor.execute(PUBLICATIONS_SQL, [found.organisation_id, found.pk])
        found_rows = cursor.fetchall()
    result = []
    for row in found_rows:
        publication = rows.instance(Publication, _PUB, row[: len(_PUB)], alias)
        unit = row[len(_PUB) :]
        publication.unit = rows.instance(Unit, _UNIT, unit, alias) if unit[0] is not None else None
        result.append(publication)
    return result
