"""What makes the intake cheap (issue 19, complaint intake at 50/s) must not change what it does.

The blank form's fields are rendered once per content (language, the organisation's units), so a
new unit or another language shows at once; a refused form keeps what was typed; the officers told
of a new case are still exactly the holders of a post with the role and those acting for one; and
the form and the submission keep to a bounded number of queries.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import actions
from prongsai.complaints.tests.factories import intake_data, make_officer
from prongsai.core.models import ActingAppointment, Notification, Unit
from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_org, make_person, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("intake-cost")


def url(org):
    return reverse("complaints_public:index", kwargs={"org_slug": org.slug})


def fields_part(html: str) -> str:
    """The form from its first field to the honeypot: the part rendered once per content."""
    return html[html.index("<fieldset>") : html.index('class="complaints-hp"')]


def test_the_blank_form_shows_a_new_unit_at_once(client, org):
    Unit.objects.create(organisation=org, name_th="กองคลัง")
    first = client.get(url(org)).content.decode()
    assert "กองคลัง" in first and "กองช่างสุขาภิบาล" not in first
    Unit.objects.create(organisation=org, name_th="กองช่างสุขาภิบาล")
    second = client.get(url(org)).content.decode()
    assert "กองคลัง" in second and "กองช่างสุขาภิบาล" in second


def test_the_blank_form_is_in_the_visitors_language_and_per_visitor_parts_are_fresh(client, org):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    thai = client.get(url(org)).content.decode()
    again = client.get(url(org)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url(org)).content.decode()
    assert "What is it about?" in fields_part(english) and "What is it about?" not in fields_part(thai)
    assert "เรื่องที่ร้องเรียนเกี่ยวกับอะไร" in fields_part(thai)
    assert fields_part(thai) == fields_part(again)
    challenge = 'name="pow_challenge" value="'
    assert thai.split(challenge)[1].split('"')[0] != again.split(challenge)[1].split('"')[0]


def test_another_organisations_units_never_show(client, org):
    other = make_org("intake-cost-other")
    Unit.objects.create(organisation=other, name_th="กองของที่อื่น")
    client.get(reverse("complaints_public:index", kwargs={"org_slug": other.slug}))
    assert "กองของที่อื่น" not in client.get(url(org)).content.decode()


def test_a_refused_form_keeps_what_was_typed_and_its_errors(client, org):
    data = intake_data(org, concerned="หัวหน้าฝ่ายพัสดุ คนที่สอง", description="")
    response = client.post(url(org), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "หัวหน้าฝ่ายพัสดุ คนที่สอง" in fields_part(html)
    assert 'aria-invalid="true"' in fields_part(html)
    assert "หัวหน้าฝ่ายพัสดุ คนที่สอง" not in fields_part(client.get(url(org)).content.decode())


def test_officers_are_the_holders_of_posts_with_the_role_and_those_acting_for_one(org):
    officer = make_officer(org)
    make_staff(org, roles=("analyst",))  # a post without the role
    gone = make_officer(org)
    gone.is_active = False
    gone.save()
    make_officer(make_org())  # another organisation's officer
    deputy = make_staff(org, roles=("analyst",))
    former = make_staff(org, roles=("analyst",))
    today = timezone.localdate()
    post = officer.person.position
    ActingAppointment.objects.create(
        organisation=org, position=post, person=deputy.person, start=today, end=today + timedelta(days=3)
    )
    ActingAppointment.objects.create(
        organisation=org, position=post, person=former.person, start=today - timedelta(days=9),
        end=today - timedelta(days=1),
    )  # fmt: skip
    make_person(org, first="ไม่มี", last="บัญชี", position=post)  # a holder without a login
    assert sorted(u.pk for u in actions.officers_of(org)) == sorted([officer.pk, deputy.pk])
    assert actions.heads_of(org) == actions.officers_of(org)  # no head: the officers stand in


def test_an_organisation_without_officers_has_none(org):
    make_staff(org, roles=("analyst",))
    assert actions.officers_of(org) == []


def test_the_form_and_a_complaint_with_evidence_keep_to_bounded_queries(
    client, org, django_assert_max_num_queries
):
    officer = make_officer(org)
    Unit.objects.create(organisation=org, name_th="กองคลัง")
    assert client.get(url(org)).status_code == 200  # the first visitor's form is rendered whole
    # The organisation, its units, the load counters (a table in tests, Redis in production).
    with django_assert_max_num_queries(3):
        assert client.get(url(org)).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("a.pdf", samples.pdf(), content_type="application/pdf")]
    # About 15 of these are the load counters and the used challenge in the tests' cache table
    # (four Redis calls in production); the case, its file, their audit entries, the officers.
    with django_assert_max_num_queries(45):
        response = client.post(url(org), intake_data(org, files=files))
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=officer).count() == 1
