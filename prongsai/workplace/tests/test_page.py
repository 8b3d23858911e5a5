"""The page of my work: one bounded set of queries at 10 items or 1,000, and the menu's count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import Person, Unit
from prongsai.core.tests.factories import login_verified, make_org, make_staff, make_unit
from prongsai.disclosure.models import ContactMessage, Executive
from prongsai.participation.models import Comment, Consultation
from prongsai.plans.models import Measure, Plan, Step, StepUpdate
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of

pytestmark = pytest.mark.django_db
PAGE_BOUND = 30


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office():
    org = make_org()
    unit = make_unit(org, "กองคลัง")
    clerk = make_staff(org, "clerk", roles=("clerk",))
    author = make_staff(org, "author", roles=("staff",), first="สมศรี")
    author.person.position.unit = unit
    author.person.position.save()
    mayor = make_staff(org, "mayor", roles=("executive",), first="ชัยเชษฐ")
    executive = Executive.objects.create(organisation=org, person=mayor.person)
    year = fiscal_year_of(timezone.localdate())
    start, end = fiscal_year_bounds(year)
    plan = Plan.objects.create(organisation=org, fiscal_year=year, title="แผน")
    measure = Measure.objects.create(
        organisation=org, plan=plan, number=1, title="มาตรการ", start=start, end=end
    )
    return {
        "org": org,
        "unit": unit,
        "clerk": clerk,
        "author": author,
        "executive": executive,
        "measure": measure,
    }


def add_items(office, n_updates: int, n_messages: int, n_consultations: int) -> None:
    """Work for the clerk: updates to review, messages to the mayor, consultations with a comment."""
    org, today = office["org"], timezone.localdate()
    steps = Step.objects.bulk_create(
        Step(organisation=org, measure=office["measure"], unit=office["unit"], text=f"ขั้นที่ {k}", order=k)
        for k in range(n_updates)
    )
    StepUpdate.objects.bulk_create(
        StepUpdate(organisation=org, step=s, author=office["author"], text="ทำแล้ว", progress=50,
                   status="in_progress", date=today)
        for s in steps
    )  # fmt: skip
    ContactMessage.objects.bulk_create(
        ContactMessage(organisation=org, executive=office["executive"], sender_name=f"ผู้ส่ง {k}",
                       sender_contact="081", subject=f"เรื่อง {k}", body="ข้อความ")
        for k in range(n_messages)
    )  # fmt: skip
    consultations = Consultation.objects.bulk_create(
        Consultation(organisation=org, title=f"รับฟัง {k}", kind="service", description="-",
                     opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=10))
        for k in range(n_consultations)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(organisation=org, consultation=c, body="เห็นด้วย") for c in consultations
    )


def _queries(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workplace:index"))
    assert response.status_code == 200
    return len(captured), response


def test_the_page_costs_the_same_queries_for_10_items_and_1000(client, office):
    login_verified(client, office["clerk"])
    add_items(office, 4, 3, 3)
    client.get(reverse("workplace:index"))  # warm the session
    small, response = _queries(client)
    assert response.context["total"] == 10
    add_items(office, 396, 297, 297)
    large, response = _queries(client)
    assert response.context["total"] == 1000
    assert len(response.context["page"].object_list) == 50
    assert large == small <= PAGE_BOUND, (small, large)
    page = response.content.decode()
    assert "รับฟัง 0" in page and "/staff/participation/consultations/" in page  # nearest deadline first
    last = client.get(reverse("workplace:index"), {"page": 20}).content.decode()
    assert "สมศรี" in last and "/staff/plans/steps/" in last  # no deadline: after those that have one


def test_the_menu_shows_the_count_without_a_query_of_its_own(client, office):
    login_verified(client, office["clerk"])
    add_items(office, 2, 1, 1)
    structure = reverse("core:structure")
    client.get(structure)
    with CaptureQueriesContext(connection) as before:
        page = client.get(structure).content.decode()
    assert 'class="badge"' not in page.split("</nav>")[0]  # nothing counted yet, and nothing computed
    client.get(reverse("workplace:index"))
    with CaptureQueriesContext(connection) as after:
        page = client.get(structure).content.decode()
    assert len(after) == len(before)
    assert '<span class="badge">๔</span>' in page


def test_the_dashboard_opens_with_my_work_first(client, office):
    login_verified(client, office["clerk"])
    add_items(office, 12, 0, 0)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert page.index('id="my-work-title"') < page.index('class="grid"')
    assert page.count('class="card work-entry') == 8 and reverse("workplace:index") in page


def test_someone_with_nothing_to_do_is_told_so(client, office):
    login_verified(client, office["author"])
    response = client.get(reverse("workplace:index"))
    assert response.status_code == 200 and response.context["total"] == 0


def test_the_page_needs_a_login(client):
    response = client.get(reverse("workplace:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_menu_count_follows_a_change_at_once(client, office):
    login_verified(client, office["clerk"])
    add_items(office, 2, 1, 1)
    structure = reverse("core:structure")
    client.get(reverse("workplace:index"))
    assert '<span class="badge">๔</span>' in client.get(structure).content.decode()
    ContactMessage.objects.create(  # audited, like every change: the organisation's chain moves on
        organisation=office["org"], executive=office["executive"], sender_name="ผู้ส่งใหม่",
        sender_contact="082", subject="เรื่องใหม่", body="ข้อความ",
    )  # fmt: skip
    nav = client.get(structure).content.decode().split("</nav>")[0]
    assert 'class="badge"' not in nav  # the old count is not shown as if it were current
    assert f'hx-get="{reverse("workplace:count")}"' in nav  # the menu asks for a new one
    response = client.get(reverse("workplace:count"))
    assert response.status_code == 200 and '<span class="badge">๕</span>' in response.content.decode()
    assert '<span class="badge">๕</span>' in client.get(structure).content.decode()


def test_the_count_needs_a_login(client):
    response = client.get(reverse("workplace:count"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_dashboard_counts_units_and_people_in_post_of_its_own_organisation(client, office):
    other = make_org()
    make_unit(other, "กองอื่น")
    make_staff(other, "elsewhere")
    retired = make_staff(office["org"], "retired")
    retired.person.is_active = False
    retired.person.save()
    login_verified(client, office["clerk"])
    page = client.get(reverse("core:dashboard")).content.decode()
    units = Unit.objects.filter(organisation=office["org"]).count()
    people = Person.objects.filter(organisation=office["org"], is_active=True).count()
    assert (units, people) == (1, 3)  # the fixture's unit; the clerk, the author and the mayor
    assert f"ส่วนราชการ {units} หน่วย บุคลากร {people} คน" in page
