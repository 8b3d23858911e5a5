"""Acting appointments: who signs for a post on a day, and which posts a person holds."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from prongsai.core import acting
from prongsai.core.models import ActingAppointment, AuditEntry
from prongsai.core.tests.factories import make_org, make_person, make_position

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 2)


@pytest.fixture
def posts():
    org = make_org()
    head = make_position(org, "ผู้อำนวยการกองช่าง", roles=["unit_head"])
    engineer = make_position(org, "วิศวกรโยธา", reports_to=head)
    deputy = make_person(org, "สมชาย", "รักงาน", position=engineer)
    return org, head, engineer, deputy


def appoint(org, position, person, start=DAY, end=DAY + datetime.timedelta(days=30)):
    return ActingAppointment.objects.create(
        organisation=org, position=position, person=person, start=start, end=end, order_reference="๑/๒๕๖๙"
    )


def test_vacant_post_has_no_signatory_until_someone_acts(posts):
    org, head, _engineer, deputy = posts
    assert acting.signatory(head, DAY) == (None, False)
    appoint(org, head, deputy)
    assert acting.signatory(head, DAY) == (deputy, True)
    assert acting.signatory(head, DAY - datetime.timedelta(days=1)) == (None, False)
    assert acting.signatory(head, DAY + datetime.timedelta(days=31)) == (None, False)


def test_holder_signs_unless_an_appointment_is_in_force(posts):
    org, head, _engineer, deputy = posts
    chief = make_person(org, "ประยุทธ", "มั่นคง", position=head)
    assert acting.signatory(head, DAY) == (chief, False)
    appoint(org, head, deputy)
    assert acting.signatory(head, DAY) == (deputy, True)
    assert [p.pk for p in acting.positions_held(chief, DAY)] == []  # away: someone acts for the post
    assert [p.pk for p in acting.positions_held(chief, DAY - datetime.timedelta(days=1))] == [head.pk]


def test_positions_held_lists_own_post_then_acted_ones_in_one_query(posts, django_assert_num_queries):
    org, head, engineer, deputy = posts
    appoint(org, head, deputy)
    with django_assert_num_queries(1):
        held = acting.positions_held(deputy, DAY)
    assert [p.pk for p in held] == [engineer.pk, head.pk]
    with django_assert_num_queries(1):
        acting.signatory(head, DAY)
    assert acting.acts_for(deputy, head, DAY) and not acting.acts_for(deputy, engineer, DAY)


def test_inactive_person_holds_nothing_and_signs_nothing(posts):
    org, head, _engineer, deputy = posts
    appoint(org, head, deputy)
    deputy.is_active = False
    deputy.save()
    assert acting.positions_held(deputy, DAY) == []
    assert acting.signatory(head, DAY) == (None, False)


def test_appointments_are_audited_and_validated(posts):
    org, head, engineer, deputy = posts
    row = appoint(org, head, deputy)
    logged = AuditEntry.objects.filter(organisation=org, object_id=str(row.pk))
    assert logged.filter(object_type="core.actingappointment").exists()
    bad = ActingAppointment(organisation=org, position=engineer, person=deputy, start=DAY, end=DAY)
    with pytest.raises(ValidationError):
        bad.full_clean()
    before = DAY - datetime.timedelta(days=1)
    backwards = ActingAppointment(organisation=org, position=head, person=deputy, start=DAY, end=before)
    with pytest.raises(ValidationError):
        backwards.full_clean()
