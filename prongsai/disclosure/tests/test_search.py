import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_unit
from prongsai.disclosure.publishing import publish
from prongsai.disclosure.search import index_text, query_words
from prongsai.disclosure.tests.factories import item_of, make_publication, xlsx_bytes

pytestmark = pytest.mark.django_db


def search(client, org, **params):
    response = client.get(reverse("disclosure_public:search", kwargs={"org_slug": org.slug}), params)
    assert response.status_code == 200
    return [p.title for p in response.context["page"]]


def test_thai_text_is_cut_into_words_and_compounds_into_their_parts():
    indexed = index_text("จ้างซ่อมแซมถนนลูกรัง หมู่ที่ ๓ (Road)").split()
    assert {"ซ่อมแซม", "ถนนลูกรัง", "ถนน", "ลูกรัง", "หมู่", "3", "road"} <= set(indexed)
    assert query_words("  ถนน ลูกรัง ถนน ") == ["ถนน", "ลูกรัง"]
    assert query_words("... !!") == []


def test_a_thai_word_inside_a_sentence_is_found(client, org):
    make_publication(item_of(org, "o10"), "แผนดำเนินงาน", text="โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กหมู่ที่สาม")
    make_publication(item_of(org, "o3"), "อำนาจหน้าที่", text="ตามพระราชบัญญัติเทศบาล")
    assert search(client, org, q="คอนกรีต") == ["แผนดำเนินงาน"]
    assert search(client, org, q="ถนน เหล็ก") == ["แผนดำเนินงาน"]
    assert search(client, org, q="ถนน เทศบาล") == []  # every word must be there
    assert search(client, org, q="พระราชบัญญัติ") == ["อำนาจหน้าที่"]


def test_filters_by_year_item_and_unit(client, org):
    treasury = make_unit(org, "กองคลัง")
    make_publication(item_of(org, "o10", 2564), "แผน ๒๕๖๔", text="งบประมาณรายจ่าย")
    make_publication(item_of(org, "o10", 2565), "แผน ๒๕๖๕", text="งบประมาณรายจ่าย", unit=treasury)
    make_publication(item_of(org, "o11", 2565), "รายงาน ๒๕๖๕", text="งบประมาณรายจ่าย")
    assert sorted(search(client, org, q="งบประมาณ")) == ["รายงาน ๒๕๖๕", "แผน ๒๕๖๔", "แผน ๒๕๖๕"]
    assert sorted(search(client, org, q="งบประมาณ", year=2565)) == ["รายงาน ๒๕๖๕", "แผน ๒๕๖๕"]
    assert search(client, org, q="งบประมาณ", year=2565, item="o10") == ["แผน ๒๕๖๕"]
    assert search(client, org, q="งบประมาณ", unit=treasury.pk) == ["แผน ๒๕๖๕"]


def test_scheduled_and_other_organisations_publications_are_not_found(client, org):
    make_publication(item_of(org, "o1"), "ประกาศล่วงหน้า", text="ประกาศรับสมัครงาน", days_ago=-3)
    make_publication(item_of(make_org("elsewhere"), "o1"), "ของที่อื่น", text="ประกาศรับสมัครงาน")
    assert search(client, org, q="รับสมัคร") == []


def test_words_in_a_published_spreadsheet_are_found(client, org):
    content = xlsx_bytes([["โครงการ", "วงเงิน"], ["จัดซื้อเครื่องคอมพิวเตอร์โน้ตบุ๊ก", 25000]])
    publish(
        org, fiscal_year=2565, item_code="o14", title="สรุปผลเดือนตุลาคม", content=content, filename="a.xlsx"
    )
    assert search(client, org, q="คอมพิวเตอร์") == ["สรุปผลเดือนตุลาคม"]


def test_an_unknown_filter_value_is_explained_not_a_crash(client, org):
    make_publication(item_of(org, "o1"), "ผัง", text="โครงสร้าง")
    response = client.get(
        reverse("disclosure_public:search", kwargs={"org_slug": org.slug}), {"q": "โครงสร้าง", "year": "abc"}
    )
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert list(response.context["page"]) == []


def test_results_are_paginated_with_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    item = item_of(org, "o20")
    for n in range(25):
        make_publication(item, f"คู่มือ {n}", text="คู่มือการปฏิบัติงาน", unit=make_unit(org, f"กอง {n}"))
    url = reverse("disclosure_public:search", kwargs={"org_slug": org.slug})
    # organisation, years, item codes, units (choices), count, the page of rows with item and unit
    with django_assert_max_num_queries(6):
        first = client.get(url, {"q": "ปฏิบัติงาน"})
    assert first.context["page"].paginator.count == 25 and len(first.context["page"]) == 20
    assert len(client.get(url, {"q": "ปฏิบัติงาน", "page": 2}).context["page"]) == 5


def test_a_common_word_is_counted_only_up_to_the_cap(client, org, monkeypatch):
    from prongsai.disclosure.search import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 4)
    item = item_of(org, "o20")
    for n in range(6):
        make_publication(item, f"ประกาศ {n}", text="ประกาศเทศบาล")
    response = client.get(reverse("disclosure_public:search", kwargs={"org_slug": org.slug}), {"q": "ประกาศ"})
    page = response.context["page"]
    assert page.paginator.more_than_cap and page.paginator.count == 5
    assert "More than 4 publications found" in response.content.decode()


@pytest.mark.parametrize("cap", [500, 4])  # within the cap (sorted from the ids) and beyond it (date order)
def test_pages_run_newest_first_whether_or_not_the_matches_exceed_the_cap(client, org, monkeypatch, cap):
    from prongsai.disclosure import public_views
    from prongsai.disclosure.search import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", cap)
    monkeypatch.setattr(public_views, "SEARCH_PAGE_SIZE", 2)
    item = item_of(org, "o20")
    for days_ago in (5, 1, 9, 3, 7):
        make_publication(item, f"ประกาศ {days_ago} วันก่อน", text="ประกาศเทศบาล", days_ago=days_ago)
    make_publication(item, "ข่าว", text="ข่าวสาร", days_ago=0)
    pages = [search(client, org, q="ประกาศ", page=n) for n in (1, 2)]
    assert pages == [["ประกาศ 1 วันก่อน", "ประกาศ 3 วันก่อน"], ["ประกาศ 5 วันก่อน", "ประกาศ 7 วันก่อน"]]


def test_an_item_code_the_year_does_not_have_finds_nothing(client, org):
    make_publication(item_of(org, "o1", 2565), "ผัง", text="โครงสร้าง")
    make_publication(item_of(org, "o2", 2564), "ข้อมูลผู้บริหาร", text="โครงสร้าง")
    url = reverse("disclosure_public:search", kwargs={"org_slug": org.slug})
    response = client.get(url, {"q": "โครงสร้าง", "year": 2565})
    assert [p.title for p in response.context["page"]] == ["ผัง"]
    response = client.get(url, {"q": "โครงสร้าง", "year": 2565, "item": "o2"})  # both valid, no such item
    assert not response.context["form"].errors and list(response.context["page"]) == []
    assert "0 publications found" in response.content.decode()
