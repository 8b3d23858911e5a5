"""The yearly stocktake: a checklist of the register, ticks per item, and the discrepancies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.property import stocktake
from prongsai.property.models import ItemStatus, StocktakeLine
from prongsai.property.tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


def test_discrepancies_are_unseen_items_on_hand_and_seen_items_written_off(org):
    on_hand, unseen, gone = make_item(org), make_item(org), make_item(org, status=ItemStatus.WRITTEN_OFF)
    lost_unseen = make_item(org, status=ItemStatus.LOST)
    taken = stocktake.start(org, 2565)
    lines = {line.item_id: line for line in taken.lines.all()}
    stocktake.check(lines[on_hand.pk], None, seen=True)
    stocktake.check(lines[gone.pk], None, seen=True, note="ยังอยู่ในโกดัง")
    assert {line.item_id for line in stocktake.discrepancies(taken)} == {unseen.pk, gone.pk}
    assert lost_unseen.pk not in {line.item_id for line in stocktake.discrepancies(taken)}
    assert stocktake.progress(taken) == (2, 4)


def test_the_checklist_ticks_an_item_through_htmx_and_keeps_its_note(client, org):
    item = make_item(org, name="ตู้เหล็ก")
    client.force_login(make_staff(org, roles=("property_officer",)))
    client.post(reverse("property:stocktakes"), {"year": "2565"})
    line = StocktakeLine.objects.get(item=item)
    response = client.post(
        reverse("property:stocktake_check", kwargs={"stocktake_line_id": line.pk}),
        {"seen": "1", "note": "สีถลอก"}, headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 200 and "สีถลอก" in response.content.decode()
    line.refresh_from_db()
    assert (line.seen, line.note, line.checked_by is not None) == (True, "สีถลอก", True)


def test_a_unit_head_may_read_but_not_tick(client, org):
    make_item(org)
    taken = stocktake.start(org, 2565)
    client.force_login(make_staff(org, roles=("unit_head",)))
    assert client.get(taken.get_absolute_url()).status_code == 200
    line = taken.lines.first()
    url = reverse("property:stocktake_check", kwargs={"stocktake_line_id": line.pk})
    assert client.post(url, {"seen": "1"}).status_code == 403


@pytest.mark.parametrize("show", ["", "unseen", "discrepancies"])
def test_the_checklist_costs_the_same_queries_for_3_and_60_items(client, org, show):
    client.force_login(make_staff(org, roles=("property_officer",)))
    counts = []
    for n in (3, 60):
        for _ in range(n - len(StocktakeLine.objects.filter(organisation=org).values("item").distinct())):
            make_item(org)
        taken = stocktake.start(org, 2565)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(taken.get_absolute_url(), {"show": show}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
