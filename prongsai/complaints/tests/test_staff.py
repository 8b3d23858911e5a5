import pytest
from django.urls import reverse

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint, Note
from prongsai.complaints.tests.factories import login_verified, make_complaint, make_officer
from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_position, make_staff, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("staff-org")


def detail(complaint):
    return reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk})


def test_an_officer_reads_the_case_and_the_read_is_audited(client, org):
    complaint, _ = make_complaint(org, description="<b>เรียกรับเงิน</b>")
    officer = make_officer(org)
    response = login_verified(client, officer).get(detail(complaint))
    assert response.status_code == 200
    assert "&lt;b&gt;เรียกรับเงิน&lt;/b&gt;" in response.content.decode()  # escaped, never markup
    assert (
        AuditEntry.objects.filter(
            action="complaints.read_case", object_id=str(complaint.pk), actor=officer
        ).count()
        == 1
    )


@pytest.mark.parametrize("roles", [("executive",), ("clerk", "org_admin"), ("analyst",)])
def test_other_staff_even_the_mayor_get_403(client, org, roles):
    complaint, _ = make_complaint(org)
    login_verified(client, make_staff(org, roles=roles))
    assert client.get(reverse("complaints:index")).status_code == 403
    assert client.get(detail(complaint)).status_code == 403


def test_a_superuser_without_the_role_cannot_read_cases(client, org):
    complaint, _ = make_complaint(org)
    login_verified(client, make_staff(org, roles=(), is_superuser=True))
    assert client.get(detail(complaint)).status_code == 403


def test_an_officer_of_another_organisation_gets_404(client, org):
    complaint, _ = make_complaint(org)
    login_verified(client, make_officer(make_org("elsewhere")))
    assert client.get(detail(complaint)).status_code == 404


def test_an_officer_named_in_the_complaint_is_excluded(client, org):
    named = make_officer(org, first="ประเสริฐ", last="ทองดี")
    other = make_officer(org)
    complaint, _ = make_complaint(org, concerned="นายประเสริฐ ทองดี เจ้าพนักงานธุรการ")
    assert login_verified(client, named).get(detail(complaint)).status_code == 403
    page = login_verified(client.__class__(), other).get(detail(complaint))
    assert page.status_code == 200
    assert "ประเสริฐ" in page.content.decode()  # the exclusion is visible to the centre
    assert [o.pk for o, _reason in page.context["excluded"]] == [named.pk]
    with pytest.raises(Exception, match="cannot handle"):
        actions.assign(complaint, named, by=other)


def test_an_officer_of_the_unit_concerned_is_excluded(client, org):
    unit = make_unit(org, "กองช่าง")
    sub = make_unit(org, "งานสาธารณูปโภค", parent=unit)
    officer = make_officer(org)
    officer.person.position = make_position(org, "นายช่าง", roles=("complaints_officer",), unit=sub)
    officer.person.save()
    complaint, _ = make_complaint(org, unit_concerned=unit)
    assert actions.conflicts(complaint, [officer]) == {officer.pk: "works in the unit concerned"}


def test_assignment_and_a_step_through_the_pages(client, org):
    complaint, _ = make_complaint(org)
    officer, colleague = make_officer(org), make_officer(org)
    assign = reverse("complaints:assign", kwargs={"complaint_id": complaint.pk})
    login_verified(client, officer)
    assert client.post(assign, {"officer": officer.pk}).status_code == 403  # nobody takes a case alone
    login_verified(client.__class__(), colleague).post(assign, {"officer": officer.pk})
    client.post(
        reverse("complaints:transition", kwargs={"complaint_id": complaint.pk}),
        {"action": "screen", "reason": "รับไว้พิจารณา"},
    )
    complaint.refresh_from_db()
    assert complaint.assigned_to == officer and complaint.state == "screening"
    response = client.post(
        reverse("complaints:transition", kwargs={"complaint_id": complaint.pk}),
        {"action": "close", "reason": "ปิด"},
        follow=True,
    )
    complaint.refresh_from_db()
    assert complaint.state == "screening"
    assert response.status_code == 200


def test_internal_notes_never_reach_the_complainant(client, org):
    complaint, code = make_complaint(org)
    officer = make_officer(org)
    login_verified(client, officer).post(
        reverse("complaints:note", kwargs={"complaint_id": complaint.pk}), {"body": "บันทึกภายในห้ามเปิดเผย"}
    )
    assert Note.objects.get().body == "บันทึกภายในห้ามเปิดเผย"
    public = client.__class__().post(
        reverse("complaints_public:follow", kwargs={"org_slug": org.slug}), {"code": code}
    )
    assert public.status_code == 200 and "บันทึกภายใน" not in public.content.decode()


def _list_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("complaints:index"))
    assert response.status_code == 200
    return response


def test_the_list_is_paginated_filtered_and_bounded(client, org, django_assert_max_num_queries):
    officer = make_officer(org)
    head = make_staff(org, roles=("complaints_head",))  # cases are given out by a second person
    for _ in range(3):
        make_complaint(org)
    login_verified(client, officer)
    _list_queries(client, django_assert_max_num_queries)
    for _ in range(24):
        complaint, _code = make_complaint(org)
        actions.assign(complaint, officer, by=head)
    response = _list_queries(client, django_assert_max_num_queries)
    assert len(response.context["page"]) == 25
    assert Complaint.objects.count() == 27
    actions.transition(Complaint.objects.first(), "screen", actor=officer, reason="ตรวจ")
    filtered = client.get(reverse("complaints:index"), {"state": "screening"})
    assert len(filtered.context["page"]) == 1
