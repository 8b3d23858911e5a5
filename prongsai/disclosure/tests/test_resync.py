"""When a year's framework changes, catalogues follow it and nothing published is lost (issue 15)."""

import datetime

import pytest
import yaml

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.disclosure.catalogue import ensure_catalogue, readiness, resync_year, review_list
from prongsai.disclosure.models import Item, Publication
from prongsai.disclosure.tests.factories import item_of, make_publication
from prongsai.ita import store
from prongsai.ita.results import framework_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)  # fiscal year 2570


@pytest.fixture
def admin(db):
    return make_staff(make_org("national"), is_superuser=True)


@pytest.fixture(autouse=True)
def _december_2569(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def edited(year: int, edit) -> str:
    data = yaml.safe_load(store.current_text(year))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_carried_forward_year_has_a_catalogue_marked_not_confirmed(org):
    assert ensure_catalogue(org, 2570) == 26
    items = list(Item.objects.for_org(org).filter(year=2570))
    assert [i.code for i in items] == [i.code for i in framework_for(2568).oit_items]
    assert all(i.unverified for i in items)
    make_publication(items[0], "โครงสร้างองค์กร")
    assert readiness(org, 2570).ready_count == 1


def test_an_edited_title_reaches_the_catalogue_and_keeps_its_publications(org, admin):
    item = item_of(org, "o3", year=2568)
    publication = make_publication(item, "ช่องทางติดต่อ")

    def retitle(data):
        data["oit_items"][2]["title_th"] = "ข้อมูลการติดต่อหน่วยงาน"

    store.save_text(2568, edited(2568, retitle), user=admin, reason="ตามคู่มือ")
    item.refresh_from_db()
    assert (item.code, item.title_th, item.needs_review) == ("o3", "ข้อมูลการติดต่อหน่วยงาน", False)
    assert Publication.objects.get(pk=publication.pk).item_id == item.pk
    assert review_list(org, 2568) == []


def test_renumbered_items_move_by_title_and_unmatched_ones_are_listed_for_review(org, admin):
    contact = item_of(org, "o3", year=2568)
    news = item_of(org, "o4", year=2568)
    dropped = item_of(org, "o26", year=2568)
    kept = [
        make_publication(contact, "ติดต่อ"),
        make_publication(news, "ข่าว"),
        make_publication(dropped, "รายงาน"),
    ]

    def renumber(data):
        items = data["oit_items"]
        items[2]["code"], items[3]["code"] = "o4", "o3"  # contact and news swap numbers
        items[-1].update(code="o27", title_th="รายงานผลการดำเนินการตามแผนป้องกันการทุจริต (ฉบับใหม่)")
        items[-2]["code"] = "o26"  # o25 renumbered onto o26's number: o26 matches nothing

    store.save_text(2568, edited(2568, renumber), user=admin, reason="คู่มือจริง")
    contact.refresh_from_db()
    news.refresh_from_db()
    dropped.refresh_from_db()
    assert (contact.code, news.code) == ("o4", "o3")
    assert dropped.needs_review and dropped.code not in {i.code for i in framework_for(2568).oit_items}
    fresh = Item.objects.for_org(org).get(year=2568, code="o27")
    assert fresh.title_th.endswith("(ฉบับใหม่)") and not fresh.needs_review
    assert Item.objects.for_org(org).get(year=2568, code="o26").title_th == "แผนปฏิบัติการป้องกันการทุจริต"
    assert [i.pk for i in review_list(org, 2568)] == [dropped.pk]
    assert review_list(org, 2568)[0].publication_count == 1
    assert {p.item_id for p in Publication.objects.filter(pk__in=[p.pk for p in kept])} == {
        contact.pk,
        news.pk,
        dropped.pk,
    }


def test_the_real_framework_of_a_carried_year_takes_over_its_catalogue(org, admin):
    ensure_catalogue(org, 2570)
    structure = Item.objects.for_org(org).get(year=2570, code="o1")
    publication = make_publication(structure, "แผนผังโครงสร้าง")
    store.carry_forward(2570, user=admin)  # the administrator saves the year of its own

    def confirm(data):
        data["oit_items"][0]["unverified"] = False
        data["oit_items"][0]["title_th"] = "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน"

    store.save_text(2570, edited(2570, confirm), user=admin, reason="คู่มือ 2570")
    structure.refresh_from_db()
    assert structure.title_th == "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน" and not structure.unverified
    assert Publication.objects.get(pk=publication.pk).item_id == structure.pk
    assert Item.objects.for_org(org).filter(year=2570).count() == 26


def test_a_save_of_an_earlier_year_resyncs_the_years_that_carry_it_forward(org, admin):
    ensure_catalogue(org, 2570)

    def retitle(data):
        data["oit_items"][0]["title_th"] = "โครงสร้างองค์กร"

    store.save_text(2568, edited(2568, retitle), user=admin, reason="แก้ชื่อ")
    assert Item.objects.for_org(org).get(year=2570, code="o1").title_th == "โครงสร้างองค์กร"


def test_resync_touches_only_organisations_with_a_catalogue_and_each_one_alone(org):
    other = make_org("other")
    ensure_catalogue(org, 2568)
    ensure_catalogue(other, 2568)
    Item.objects.for_org(other).filter(year=2568, code="o5").update(title_th="แก้เอง", code="o99")
    review = resync_year(2568)
    assert [(i.organisation_id, i.title_th) for i in review] == [(other.pk, "แก้เอง")]
    assert Item.objects.for_org(other).filter(year=2568, code="o5").exists()
    assert not Item.objects.filter(year=2568).exclude(organisation__in=[org, other]).exists()
