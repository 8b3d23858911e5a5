import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_unit
from prongsai.disclosure.tests.factories import PDF, item_of, make_document, make_publication
from prongsai.ita.results import framework_for

pytestmark = pytest.mark.django_db


def item_url(item):
    return reverse(
        "disclosure_public:item",
        kwargs={"org_slug": item.organisation.slug, "year": item.year, "item_code": item.code},
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
    framework_for(item.year)  # the frameworks' saved heads are cached after their first reading
    with django_assert_num_queries(1) as few:  # the item with its organisation and publications
        client.get(item_url(item))
    for n in range(20):
        make_publication(item, f"p{n}", unit=make_unit(org, f"หน่วย {n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(item_url(item)).status_code == 200


def test_year_index_query_count_is_fixed(client, org, django_assert_max_num_queries):
    item = item_of(org, "o1")
    make_publication(item)
    url = reverse("disclosure_public:year", kwargs={"org_slug": org.slug, "year": 2565})
    # organisation, items, ready items, the framework in force (for the scores, then whether it is
    # carried forward), latest ITA result, next scheduled time
    with django_assert_max_num_queries(7):
        page = client.get(url).content.decode()
    assert "o43" in page
    with django_assert_max_num_queries(0):  # the whole page comes from the cache
        assert "o43" in client.get(url).content.decode()


def test_another_organisations_item_is_404(client, org):
    item = item_of(make_org("other-town"), "o1")
    url = reverse(
        "disclosure_public:item_by_id", kwargs={"org_slug": org.slug, "year": 2565, "item_id": item.pk}
    )
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


def test_a_cached_item_page_shows_a_new_publication_at_once(client, org):
    item = item_of(org, "o7")
    make_publication(item, "ประกาศฉบับแรก")
    assert "ประกาศฉบับแรก" in client.get(item_url(item)).content.decode()
    make_publication(item, "ประกาศฉบับที่สอง")
    assert "ประกาศฉบับที่สอง" in client.get(item_url(item)).content.decode()


def test_a_cached_item_page_sets_no_cookie_and_its_language_switch_still_works(org):
    from django.test import Client

    item = item_of(org, "o7")
    make_publication(item, "ผังโครงสร้าง")
    Client().get(item_url(item))  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(item_url(item))
    page = response.content.decode()
    # One page for every visitor: no token of anyone's in it, no cookie set, so a shared cache may keep it.
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in page and "placeholder" not in page
    switch = {"language": "en", "next": item_url(item)}
    switched = visitor.post(reverse("set_language"), switch, headers={"Sec-Fetch-Site": "same-origin"})
    assert switched.status_code == 302 and switched["Location"] == item_url(item)
    assert '<html lang="en">' in visitor.get(item_url(item)).content.decode()


def test_signed_in_staff_get_their_own_page_not_the_visitors_copy(client, staff_client, org):
    from django.test import Client

    item = item_of(org, "o7")
    anonymous = Client().get(item_url(item)).content.decode()
    assert "Sign out" not in anonymous and "ออกจากระบบ" not in anonymous
    staff = staff_client.get(item_url(item)).content.decode()
    assert "Sign out" in staff or "ออกจากระบบ" in staff


def test_an_entry_never_outlives_the_next_scheduled_publication():
    from datetime import timedelta

    from django.utils import timezone

    from prongsai.disclosure import pagecache

    now = timezone.now()
    assert pagecache.seconds_until(None, now) == pagecache.TIMEOUT
    assert pagecache.seconds_until(now + timedelta(seconds=42), now) == 42
    assert pagecache.seconds_until(now + timedelta(days=3), now) == pagecache.TIMEOUT
    assert pagecache.seconds_until(now - timedelta(seconds=5), now) == 1


def test_the_first_item_address_redirects_to_the_readable_one(client, org):
    item = item_of(org, "o12")
    old = reverse(
        "disclosure_public:item_by_id", kwargs={"org_slug": org.slug, "year": 2565, "item_id": item.pk}
    )
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == f"/{org.slug}/disclosure/2565/o12/"


def test_a_year_in_range_without_a_catalogue_says_nothing_is_published_yet(client, org):
    url = reverse("disclosure_public:year", kwargs={"org_slug": org.slug, "year": 2567})
    response = client.get(url)
    assert response.status_code == 200 and "Nothing is published for 2567 yet." in response.content.decode()
    far = reverse("disclosure_public:year", kwargs={"org_slug": org.slug, "year": 2599})
    assert client.get(far).status_code == 404


def test_item_page_escapes_what_staff_typed(client, org):
    """The page is a Jinja2 template (docs/adr/0007): its values are escaped as Django's are."""
    item = item_of(org, "o3")
    make_publication(item, "<script>alert(1)</script>", text="บรรทัดแรก <b>ตัวหนา</b>\nบรรทัดสอง")
    response = client.get(item_url(item))
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "บรรทัดแรก &lt;b&gt;ตัวหนา&lt;/b&gt;<br>บรรทัดสอง" in page  # linebreaks, escaped first
