"""What every staff page pays before its own work: the login, its organisation, post and roles.

The login comes with its organisation, person, post, unit and whether an acting appointment
names it today in one query (core/lockout.py), so the roles and the posts held cost nothing more,
while an appointment made meanwhile is still seen on the next page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.core import acting
from prongsai.core.access import roles_of
from prongsai.core.calendar import holiday_calendar
from prongsai.core.lockout import PasswordBackend
from prongsai.core.models import ActingAppointment, Holiday
from prongsai.core.tests.columns import column_values
from prongsai.core.tests.factories import make_org, make_person, make_position, make_staff, make_unit

pytestmark = pytest.mark.django_db


def appoint(position, person):
    today = timezone.localdate()
    return ActingAppointment.objects.create(
        organisation=position.organisation, position=position, person=person, start=today,
        end=today + datetime.timedelta(days=7), order_reference="๑/๒๕๖๙",
    )  # fmt: skip


@pytest.fixture
def office():
    org = make_org()
    unit = make_unit(org, "กองช่าง")
    head = make_position(org, "ผู้อำนวยการกองช่าง", roles=["unit_head"], unit=unit)
    user = make_staff(org, roles=("analyst",))
    user.person.position.unit = unit
    user.person.position.reports_to = head
    user.person.position.save()
    return org, head, user


def test_the_login_brings_its_organisation_post_and_roles_in_one_query(office, django_assert_num_queries):
    org, _head, user = office
    with django_assert_num_queries(1):
        login = PasswordBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        assert login.organisation == org
        assert [p.pk for p in acting.positions_held(login)] == [user.person.position_id]
        assert login.person.position.unit.name_th == "กองช่าง"
        assert roles_of(login) == {"analyst", "staff"}


def test_an_appointment_in_force_is_seen_by_the_next_request(office, django_assert_num_queries):
    _org, head, user = office
    appoint(head, user.person)
    login = PasswordBackend().get_user(user.pk)
    assert login.acting_today is True
    with django_assert_num_queries(1):
        held = acting.positions_held(login)
    assert [p.pk for p in held] == [user.person.position_id, head.pk]
    assert "unit_head" in roles_of(login)


def test_a_holder_whose_post_someone_acts_for_steps_out(office):
    org, head, _user = office
    chief = make_staff(org, roles=("unit_head",))
    chief.person.position = head
    chief.person.save()
    deputy = make_person(org, "สมชาย", "รักงาน", position=make_position(org, "วิศวกรโยธา"))
    appoint(head, deputy)
    login = PasswordBackend().get_user(chief.pk)
    assert login.acting_today is True and acting.positions_held(login) == []
    assert "unit_head" not in roles_of(login)


def test_a_login_without_a_person_still_signs_in(django_assert_num_queries):
    from prongsai.core.models import User

    admin = User.objects.create_superuser("root-cost", password="x" * 16)
    with django_assert_num_queries(1):
        login = PasswordBackend().get_user(admin.pk)
    assert login == admin and login.acting_today is False and acting.positions_held(login) == []


def test_the_holiday_list_is_read_once_and_an_edit_is_seen_at_once(django_assert_num_queries):
    holiday_calendar()
    with django_assert_num_queries(0):
        calendar = holiday_calendar()
    day = datetime.date(2031, 3, 4)
    assert day not in calendar
    Holiday.objects.create(date=day, name="วันหยุดทดสอบ")
    assert holiday_calendar()[day] == "วันหยุดทดสอบ"
    Holiday.objects.filter(date=day).delete()
    assert day not in holiday_calendar()


def test_a_staff_page_costs_the_same_few_queries_for_a_bigger_organisation(client, office):
    org, _head, user = office
    client.force_login(user)
    url = reverse("core:notifications")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(30):
        make_person(org, first=f"คนที่{n}", position=make_position(org, title=f"ตำแหน่ง {n}"))
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    # session, login (with organisation, post, unit, acting flag and the menu's counts), the
    # second factor's device, the page's list and its count, the unread count after reading
    assert len(big) == len(small) <= 6


def test_the_one_statement_login_is_the_orm_row(office):
    """Every column the ORM gives (dates, booleans, the roles' JSON) comes back the same."""
    from prongsai.core.models import User

    _org, _head, user = office
    login = PasswordBackend().get_user(user.pk)
    orm = User.objects.select_related("organisation", "person__position__unit").get(pk=user.pk)
    for mine, theirs in (
        (login, orm),
        (login.organisation, orm.organisation),
        (login.person, orm.person),
        (login.person.position, orm.person.position),
        (login.person.position.unit, orm.person.position.unit),
    ):
        assert column_values(mine) == column_values(theirs)
    assert login.person.position.roles == ["analyst"] and login.date_joined.tzinfo is not None
    assert login.person.user is login and not login._state.adding


def test_an_inactive_or_unknown_login_is_refused(office):
    _org, _head, user = office
    user.is_active = False
    user.save()
    assert PasswordBackend().get_user(user.pk) is None
    assert PasswordBackend().get_user(987654) is None


def test_the_menu_counts_come_with_the_login_and_follow_reading(client, office):
    """The unread badge is counted with the login; the notices page, which marks them read,
    shows the count after reading, and so does the next page."""
    import re

    from prongsai.core.models import Notification

    org, _head, user = office
    for n in range(3):
        Notification.objects.create(organisation=org, recipient=user, title=f"เรื่องที่ {n}", url="/staff/")
    login = PasswordBackend().get_user(user.pk)
    assert login.unread_at_load == 3
    client.force_login(user)
    notices = reverse("core:notifications")
    link = re.compile(rf'href="{notices}">[^<]*(<span class="badge">(\d+)</span>)?')

    def badge(url):
        response = client.get(url)
        assert response.status_code == 200
        return link.search(response.content.decode()).group(2)

    assert badge(reverse("workplace:index")) == "3"
    assert badge(reverse("core:notifications")) is None
    assert badge(reverse("workplace:index")) is None
