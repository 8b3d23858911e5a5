"""The public OIT item page's read, written by hand (docs/adr/0005).

Why: the page ITAS and assessors open most, for thousands of organisations, so its page cache is
mostly cold. Building the ORM statements cost several times what PostgreSQL takes to answer
them, more than the rest of the page; one statement also saves a round trip. The columns come
from the models' own fields and values, converted as the ORM converts them, but as `rows.Row`
records rather than model instances: the page only prints them, and making and printing
instances cost it more than reading them (the organisation's digit style is set here, as the
instances' `post_init` would have). A publication's extracted text and search index, never
shown, are not read.
"""

# ruff: noqa: S608 -- the statements are built from the models' column names only; values are parameters

from __future__ import annotations

from django.db import connections, router

from prongsai.core import digit_style, rows
from prongsai.core.models import Organisation, Unit
from prongsai.core.numbers import DB_MAX, DB_MIN
from prongsai.disclosure.models import Item, Publication

NOT_SHOWN = frozenset({"file_text", "search_text"})  # a publication's long text, for search only


_ITEM, _ITEM_COLUMNS = rows.columns(Item, "i")
_ORG, _ORG_COLUMNS = rows.columns(Organisation, "o")
_PUB, _PUB_COLUMNS = rows.columns(Publication, "p", NOT_SHOWN)
_UNIT, _UNIT_COLUMNS = rows.columns(Unit, "u")

ITEM_SQL = f"""
SELECT {_ITEM_COLUMNS}, {_ORG_COLUMNS}, {_PUB_COLUMNS}, {_UNIT_COLUMNS}
FROM "{Item._meta.db_table}" i JOIN "{Organisation._meta.db_table}" o ON o."id" = i."organisation_id"
LEFT JOIN "{Publication._meta.db_table}" p
  ON p."organisation_id" = i."organisation_id" AND p."item_id" = i."id"
LEFT JOIN "{Unit._meta.db_table}" u ON u."id" = p."unit_id"
WHERE o."slug" = %s AND i."year" = %s AND i."code" = %s
ORDER BY p."publish_at" DESC, p."id" DESC
"""
_PUB_AT = len(_ITEM) + len(_ORG)
_UNIT_AT = _PUB_AT + len(_PUB)


def item(org_slug: str, year: int, code: str) -> tuple[rows.Row, list[rows.Row]] | None:
    """The organisation's item of `year` with that code (one at most), its organisation attached,
    and its publications newest first, each with its responsible unit (or none); one statement."""
    if not DB_MIN <= year <= DB_MAX:  # from the address: no column holds it, so no item has it
        return None
    alias = router.db_for_read(Item)
    with connections[alias].cursor() as cursor:
        cursor.execute(ITEM_SQL, [org_slug, year, code])
        found_rows = cursor.fetchall()
    if not found_rows:
        return None
    first = found_rows[0]
    found = rows.record(Item, _ITEM, first[: len(_ITEM)], alias)
    found["organisation"] = organisation = rows.record(Organisation, _ORG, first[len(_ITEM) : _PUB_AT], alias)
    digit_style.organisation_read(organisation.slug, organisation.official_digits)
    publications = []
    for row in found_rows if first[_PUB_AT] is not None else ():
        publication = rows.record(Publication, _PUB, row[_PUB_AT:_UNIT_AT], alias)
        unit = row[_UNIT_AT:]
        publication["unit"] = rows.record(Unit, _UNIT, unit, alias) if unit[0] is not None else None
        publications.append(publication)
    return found, publications
