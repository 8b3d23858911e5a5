"""Thai names sort in dictionary order on both databases (ICU th-TH on PostgreSQL)."""

import pytest

from prongsai.core.db import thai_order
from prongsai.core.models import Person
from prongsai.core.tests.factories import make_org, make_person

pytestmark = pytest.mark.django_db

DICTIONARY_ORDER = ["กมล", "ก้อง", "เกษม", "โกวิท", "ไก่", "ขจร"]


def test_people_sort_in_thai_dictionary_order():
    org = make_org()
    for name in reversed(DICTIONARY_ORDER):
        make_person(org, first=name)
    names = list(
        Person.objects.for_org(org).order_by(thai_order("first_name")).values_list("first_name", flat=True)
    )
    assert names == DICTIONARY_ORDER


def test_descending_order_is_the_reverse():
    org = make_org()
    for name in DICTIONARY_ORDER:
        make_person(org, first=name)
    names = list(
        Person.objects.for_org(org)
        .order_by(thai_order("first_name", descending=True))
        .values_list("first_name", flat=True)
    )
    assert names == DICTIONARY_ORDER[::-1]
