import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_unit
from prongsai.disclosure.tests.factories import PDF, item_of, make_document, make_publication

pytestmark = pytest.mark.django_db


def item_url(item):
    return reverse(
        "disclosure_public:item",
        kwargs={"org_slug": item.organisation.slug, "year": item.year, "item_id": item.pk},
    )


def test_item_page_shows_requirement_publications_and_history(client, org):
    item = item_of(org, "o1")
    unit = make_unit(org, "กองคลัง")
    old = make_publication(item, "ผังโครงสร้าง ฉบับเดิม", days_ago=30)
    make_publication(item, "ผังโครงสร้าง ฉบับปรับปรุง", supersedes=old, unit=unit)
    make_publication(item, "ฉบับที่ยังไม่ถึงเวลา", days_ago=-5)
    response = client.get(item_url(item))
    page = response.content.decode()
    assert (item.requirement_th in page and "unverified" in page.lower()) or "ยังไม่ยืนยัน" in page
    current, history = page.split("ผังโครงสร้าง ฉบับปรับปรุง")[0], page.split("ผังโครงสร้าง ฉบับปรับปรุง")[1]
    assert "ฉบับเดิม" in history and "ฉบับเดิม" not in current
    assert "กองคลัง" in page
    assert "ยังไม่ถึงเวลา" not in page
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_item_page_query_count_does_not_grow_with_publications(client, org, django_assert_num_queries):
    item = item_of(org, "o2")
    make_publication(item, "a")
    make_publication(item, "b")
    with django_assert_num_queries(3) as few:
        client.get(item_url(item))
    for n in range(20):
        make_publication(item, f"p{n}", unit=make_unit(org, f"หน่วย {n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(item_url(item)).status_code == 200


def test_year_index_query_count_is_fixed(client, org, django_assert_max_num_queries):
    item = item_of(org, "o1")
    make_publication(item)
    url = reverse("disclosure_public:year", kwargs={"org_slug": org.slug, "year": 2565})
    with django_assert_max_num_queries(5):
        page = client.get(url).content.decode()
    assert "o43" in page


def test_another_organisations_item_is_404(client, org):
    item = item_of(make_org("other-town"), "o1")
    url = reverse("disclosure_public:item", kwargs={"org_slug": org.slug, "year": 2565, "item_id": item.pk})
    assert client.get(url).status_code == 404


def test_documents_download_only_once_published(client, org):
    item = item_of(org, "o5")
    published = make_document(item)
    scheduled = make_document(item, "ล่วงหน้า")
    scheduled.publish_at = published.publish_at.replace(year=published.publish_at.year + 1)
    scheduled.save()

    def url(p):
        return reverse("disclosure_public:file", kwargs={"org_slug": org.slug, "publication_id": p.pk})

    response = client.get(url(published))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client.get(url(scheduled)).status_code == 404
