"""The officers' list of cases: one pass over the organisation's cases, the same rules as before.

The conflict check reads every case anyway; the list takes its rows from that read, so it runs
the same queries for three cases and thirty, and no COUNT. The filter form is written out in the
template (Django's widget templates cost a template per option): it keeps the choice and says
what is wrong with a bad one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.complaints import actions, listing
from prongsai.complaints.models import Category, Complaint
from prongsai.complaints.tests.factories import login_verified, make_complaint, make_officer
from prongsai.core.models import User
from prongsai.core.tests.columns import column_values
from prongsai.core.tests.factories import make_org, make_position, make_staff, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("list-org")


def _listed(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("complaints:index"), params)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def test_the_list_runs_the_same_queries_for_3_and_30_cases_and_no_count(client, org):
    officer = make_officer(org)
    head = make_staff(org, roles=("complaints_head",))
    for _ in range(3):
        make_complaint(org)
    login_verified(client, officer)
    _listed(client)  # the first page view of a login loads what the session keeps
    _small, small_sql = _listed(client)
    for _ in range(27):
        complaint, _code = make_complaint(org)
        actions.assign(complaint, officer, by=head)
    large, large_sql = _listed(client)
    assert len(large_sql) == len(small_sql)
    assert not [sql for sql in large_sql if "COUNT(" in sql and "complaints_complaint" in sql]
    page = large.context["page"]
    assert page.paginator.count == 30 and len(page) == 25
    newest = Complaint.objects.for_org(org).order_by("-year", "-seq").first()
    assert page[0].pk == newest.pk  # newest number first, as before
    assert str(officer.person) in large.content.decode()
    second, _sql = _listed(client, page=2)
    assert len(second.context["page"]) == 5


def test_an_officer_in_the_unit_concerned_or_below_it_sees_nothing_of_the_case(client, org):
    works = make_unit(org, "กองช่าง")
    roads = make_unit(org, "ฝ่ายโยธา", parent=works)
    below = make_officer(org)
    below.person.position = make_position(org, "นายช่างโยธา", unit=roads, roles=["complaints_officer"])
    below.person.save()
    colleague = make_officer(org)
    about_works, _code = make_complaint(org, unit_concerned=works)
    other, _code = make_complaint(org)
    response, _sql = _listed(login_verified(client, below))
    assert [case.pk for case in response.context["page"]] == [other.pk]
    assert response.context["page"].paginator.count == 1
    assert about_works.number not in response.content.decode()
    client.logout()
    response, _sql = _listed(login_verified(client, colleague))
    assert {case.pk for case in response.context["page"]} == {about_works.pk, other.pk}


def test_the_filters_keep_the_choice_and_a_bad_one_is_said_and_ignored(client, org):
    make_complaint(org, category=Category.PROCUREMENT)
    make_complaint(org)
    login_verified(client, make_officer(org))
    response, _sql = _listed(client, category=Category.PROCUREMENT, overdue="on")
    page = response.content.decode()
    assert '<option value="procurement" selected>' in page
    assert 'name="overdue" id="id_overdue" checked' in page
    assert '<label for="id_state">State:</label>' in page
    response, _sql = _listed(client, category=Category.PROCUREMENT)
    assert [case.category for case in response.context["page"]] == [Category.PROCUREMENT]
    response, _sql = _listed(client, state="no-such-state")
    page = response.content.decode()
    assert "Select a valid choice" in page and 'aria-invalid="true"' in page
    assert response.context["page"].paginator.count == 2  # nothing filtered, nothing lost


def test_the_hand_written_read_gives_the_orms_cases(org):
    """Each case, its unit concerned and its officer with the officer's person, field by field as
    select_related gives them; nothing of another organisation; the password hash is not read."""
    other = make_org("other-list-org")
    make_complaint(other)
    officer, head = make_officer(org), make_staff(org, roles=("complaints_head",))
    nobody = User.objects.create_user("no-person", organisation=org)  # a login without a person
    unit = make_unit(org, "กองคลัง")
    plain, _code = make_complaint(org)
    in_unit, _code = make_complaint(org, unit_concerned=unit)
    assigned, _code = make_complaint(org)
    actions.assign(assigned, officer, by=head)
    odd, _code = make_complaint(org)
    Complaint.objects.filter(pk=odd.pk).update(assigned_to=nobody)
    cases = Complaint.objects.for_org(org).select_related("unit_concerned", "assigned_to__person")
    expected = list(cases.defer(*listing.UNREAD))
    with CaptureQueriesContext(connection) as queries:
        got = listing.all_cases(org)
        assert [c.pk for c in got] == [c.pk for c in expected] == [odd.pk, assigned.pk, in_unit.pk, plain.pk]
        for mine, theirs in zip(got, expected, strict=True):
            assert column_values(mine, listing.UNREAD) == column_values(theirs, listing.UNREAD)
            assert mine.concerned == theirs.concerned and mine.description == theirs.description
            assert column_values(mine.unit_concerned) == column_values(theirs.unit_concerned)
            officer_of = mine.assigned_to, theirs.assigned_to
            assert column_values(officer_of[0], {"password"}) == column_values(officer_of[1], {"password"})
            if theirs.assigned_to is not None:
                person_of = [getattr(login, "person", None) for login in officer_of]
                assert column_values(person_of[0]) == column_values(person_of[1])
    assert len(queries.captured_queries) == 1  # the person of each officer came with the cases
    assert "password" not in queries.captured_queries[0]["sql"]
    assert got[1].assigned_to.person == officer.person
