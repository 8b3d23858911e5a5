"""Records from hand-written rows read as the ORM's values, in Python and in templates (ADR 0005)."""

import pytest
from django.db import connection
from django.template import engines

from prongsai.core import rows
from prongsai.core.tests.factories import make_org
from prongsai.disclosure.models import Item
from prongsai.disclosure.tests.factories import item_of

pytestmark = pytest.mark.django_db

NAMES, COLUMNS = rows.columns(Item, "i")


def read_item(pk: int) -> rows.Row:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {COLUMNS} FROM "{Item._meta.db_table}" i WHERE i."id" = %s', [pk])
        return rows.record(Item, NAMES, cursor.fetchone())


def test_a_record_holds_the_orms_values_and_its_pk():
    org = make_org("rows-org")
    item = item_of(org, "o7", 2567)
    Item.objects.filter(pk=item.pk).update(unverified=True)
    found, expected = read_item(item.pk), Item.objects.get(pk=item.pk)
    assert found.pk == found.id == expected.pk
    assert found.unverified is True  # SQLite stores 1: converted as the ORM converts it
    assert {f.attname: getattr(expected, f.attname) for f in Item._meta.concrete_fields} == {
        k: v for k, v in found.items() if k != "pk"
    }


def test_a_record_prints_in_a_template_and_a_missing_name_is_empty():
    found = read_item(item_of(make_org("rows-org"), "o7", 2567).pk)
    template = engines["django"].from_string("{{ i.code }}|{{ i.nothing }}|{{ i.year }}")
    assert template.render({"i": found}) == "o7||2567"
    with pytest.raises(AttributeError):
        found.nothing  # noqa: B018 -- Python code gets the usual error, not a KeyError
