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
    # session, login (with organisation, post, unit, acting flag), the page's list, the menu's counts
    assert len(big) == len(small) <= 8
