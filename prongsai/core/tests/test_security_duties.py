"""Separation of duties across every chain (findings 4, 13 and 7 of the security review).

Nobody decides on their own request, nobody hands a step to themselves or to the requester, and
nobody moves themselves into a position (a confidential role above all) without a second person.
"""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from prongsai.complaints import actions as complaints
from prongsai.complaints.tests.factories import login_verified, make_complaint, make_officer
from prongsai.core import assignments
from prongsai.core.duties import DutyRefused
from prongsai.core.models import AuditEntry, Notification, Person
from prongsai.core.tests.factories import make_org, make_position, make_staff, make_unit
from prongsai.documents import workflow as documents
from prongsai.documents.models import Status, StepState
from prongsai.documents.tests.factories import make_chain_org, make_document
from prongsai.plans import workflow as plans
from prongsai.plans.models import ReviewState
from prongsai.plans.tests.factories import make_measure, make_member, make_plan, make_step, make_update
from prongsai.property import actions as loans
from prongsai.property.models import Category, LoanState
from prongsai.property.tests.factories import make_item, make_loan, make_rules

pytestmark = pytest.mark.django_db
TODAY = date(2022, 3, 25)


@pytest.fixture(autouse=True)
def _english(english_messages):
    """Messages are read by their English text (see the root conftest)."""


# --- finding 4: documents -----------------------------------------------------------------------


def test_the_sender_cannot_reassign_the_chain_to_themselves_nor_approve_their_memo(client):
    org, users = make_chain_org()
    sender = users["analyst"]
    document = make_document(org, sender)
    documents.transition(document, "submit", sender)
    client.force_login(sender)
    for step in document.steps.order_by("order"):
        url = reverse("documents:reassign", kwargs={"approval_step_id": step.pk})
        response = client.post(url, {"person": sender.person.pk})
        assert response.status_code == 403
        assert "You cannot assign this to yourself" in response.content.decode()
    decided = client.post(
        reverse("documents:decide", kwargs={"document_id": document.pk}),
        {"action": "approve", "signed_name": sender.person.full_name, "suggestion": "เห็นชอบ"},
    )
    assert decided.status_code == 403
    assert "Nobody decides on their own request" in decided.content.decode()
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW
    assert not document.steps.filter(state=StepState.APPROVED).exists()
    assert not document.steps.filter(delegate=sender.person).exists()


def test_nobody_reassigns_a_step_to_the_sender_and_the_sender_never_decides_a_step(client):
    org, users = make_chain_org()
    sender, clerk = users["analyst"], users["clerk"]
    document = make_document(org, sender)
    first = document.steps.get(order=1)
    with pytest.raises(DutyRefused, match="person who made the request"):
        documents.reassign(first, sender.person, clerk)
    # A sender who now holds a position of the chain cannot submit until someone acts for that step.
    head = users["head"].person
    sender.person.position, head.position = head.position, None
    sender.person.save()
    head.save()
    with pytest.raises(documents.WorkflowError, match="your own document"):
        documents.transition(document, "submit", sender)
    assert document.steps.filter(state=StepState.PENDING).count() == 0


# --- finding 13: loans ---------------------------------------------------------------------------


@pytest.fixture
def clerks_office():
    """The clerk heads the unit that keeps the vehicle; the deputy mayor is the clerk's superior."""
    org = make_org()
    unit = make_unit(org, "สำนักปลัด")
    deputy = make_staff(org, roles=("executive",))
    clerk = make_staff(org, roles=("clerk",))
    position = clerk.person.position
    position.unit, position.reports_to = unit, deputy.person.position
    position.save()
    officer = make_staff(org, roles=("property_officer",))
    make_rules(org, published=True)
    car = make_item(org, unit, name="รถยนต์ส่วนกลาง", category=Category.VEHICLE)
    return org, clerk, deputy, officer, car


def test_the_clerk_takes_no_step_on_their_own_vehicle_loan(client, clerks_office):
    _org, clerk, deputy, officer, car = clerks_office
    loan = make_loan(clerk, [car], today=TODAY, start=TODAY, days=1)
    client.force_login(clerk)
    step = reverse("property:loan_step", kwargs={"loan_id": loan.pk})
    for action in ("endorse", "approve", "refuse"):
        assert action not in loans.available_actions(clerk, loan)
        with pytest.raises(DutyRefused):
            loans.transition(loan, action, clerk, today=TODAY, note="ไม่อนุญาต")
    response = client.post(step, {"action": "endorse"})
    assert response.status_code == 403 and "Nobody decides on their own request" in response.content.decode()
    # The clerk's superior stands in for the clerk at both levels.
    loans.transition(loan, "endorse", deputy, today=TODAY)
    with pytest.raises(DutyRefused):
        loans.transition(loan, "approve", clerk, today=TODAY)
    assert client.post(step, {"action": "approve"}).status_code == 403
    loans.transition(loan, "approve", deputy, today=TODAY)
    hand_over = {"condition": "ปกติ", "borrower_accepts": True, "mileage": 1200}
    with pytest.raises(DutyRefused):
        loans.transition(loan, "hand_over", clerk, today=TODAY, data=hand_over)
    loans.transition(loan, "hand_over", officer, today=TODAY, data=hand_over)
    with pytest.raises(DutyRefused):
        loans.transition(
            loan, "return", clerk, today=TODAY,
            data={"condition": "ปกติ", "custodian_accepts": True, "mileage": 1250},
        )  # fmt: skip
    loan.refresh_from_db()
    assert loan.state == LoanState.ON_LOAN
    assert list(loan.events.values_list("by", flat=True)) == [
        clerk.person.pk, deputy.person.pk, deputy.person.pk, officer.person.pk,
    ]  # fmt: skip
    assert loan not in loans.waiting_for(clerk, [loan])


def test_the_borrower_may_still_cancel_their_own_loan(clerks_office):
    _org, clerk, _deputy, _officer, car = clerks_office
    loan = make_loan(clerk, [car], today=TODAY, start=TODAY, days=1)
    assert loans.transition(loan, "cancel", clerk, today=TODAY).state == LoanState.CANCELLED


# --- plans ---------------------------------------------------------------------------------------


def test_a_reviewer_cannot_accept_their_own_step_update():
    org = make_org()
    unit = make_unit(org, "สำนักปลัด")
    clerk = make_member(org, unit, roles=("clerk",))  # the clerk reviews every update, but not their own
    step = make_step(make_measure(make_plan(org), units=[unit]), unit)
    update = make_update(step, clerk, state=ReviewState.SUBMITTED)
    for action in (plans.ACCEPT, plans.RETURN):
        with pytest.raises(DutyRefused):
            plans.transition(update.pk, action, user=clerk, comment="แก้ไข")
    update.refresh_from_db()
    step.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED and update.reviewer is None
    assert step.progress != update.progress


# --- complaints: cases are given out by a second person ------------------------------------------


def test_an_officer_cannot_assign_a_case_to_themselves():
    org = make_org()
    officer = make_officer(org)
    complaint, _ = make_complaint(org)
    with pytest.raises(DutyRefused):
        complaints.assign(complaint, officer, by=officer)
    complaint.refresh_from_db()
    assert complaint.assigned_to is None


# --- finding 7: a confidential role needs a second person ----------------------------------------


@pytest.fixture
def centre():
    org = make_org()
    admin = make_staff(org, roles=("org_admin",))
    other_admin = make_staff(org, roles=("org_admin",))
    head = make_staff(org, roles=("complaints_head",))
    officer_post = make_position(org, "เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน", roles=("complaints_officer",))
    complaint, _ = make_complaint(org, description="SECRETCASE")
    return org, admin, other_admin, head, officer_post, complaint


def _another(client, user):
    """A second browser, signed in as `user`, reading English like the first."""
    other = client.__class__()
    other.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return login_verified(other, user)


def _person_form(person, position) -> dict:
    return {
        "prefix": person.prefix, "first_name": person.first_name, "last_name": person.last_name,
        "position": position.pk, "phone": "0-3459-0000", "email": "", "is_active": "on",
    }  # fmt: skip


def test_an_admin_moving_themselves_into_the_centre_waits_for_a_second_person(client, centre):
    org, admin, other_admin, head, officer_post, complaint = centre
    own = admin.person
    admin_post = own.position
    login_verified(client, admin)
    edit = reverse("core:person_edit", kwargs={"person_id": own.pk})
    response = client.post(edit, _person_form(own, officer_post))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.position == admin_post and own.phone == "0-3459-0000"  # the rest is saved, not the move
    case = reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk})
    refused = _another(client, Person.objects.get(pk=own.pk).user).get(case)
    assert refused.status_code == 403 and b"SECRETCASE" not in refused.content

    asked = AuditEntry.objects.get(action=assignments.REQUESTED, object_id=str(own.pk))
    assert asked.actor == admin and asked.changes["position"] == [admin_post.pk, officer_post.pk]
    told = set(Notification.objects.filter(kind="core.assignment").values_list("recipient", flat=True))
    assert told == {head.pk, other_admin.pk}  # the centre head and the other administrator, not the asker

    (request,) = assignments.pending(org)
    shown = client.get(reverse("core:person_detail", kwargs={"person_id": own.pk})).content.decode()
    assert "waiting for a second person" in shown
    decide = reverse("core:assignment_decide", kwargs={"person_id": own.pk})
    assert client.post(decide, {"request": request.seq, "action": "approve"}).status_code == 403
    own.refresh_from_db()
    assert own.position == admin_post

    approver = _another(client, head)
    assert "SECRETCASE" not in approver.get(reverse("core:assignments")).content.decode()
    assert approver.post(decide, {"request": request.seq, "action": "approve"}).status_code == 302
    own.refresh_from_db()
    assert own.position == officer_post
    approved = AuditEntry.objects.get(action=assignments.APPROVED, object_id=str(own.pk))
    assert approved.actor == head and approved.changes["request"] == request.seq
    assert AuditEntry.objects.filter(
        action="update", object_type="core.person", object_id=str(own.pk), actor=head
    ).exists()  # the move itself, attributed to the second person
    notices = Notification.objects.filter(recipient=admin, kind="core.assignment")
    assert [n.title for n in notices] == [
        f"The move of {own.full_name} into “{officer_post.title_th}” is approved."
    ]
    assert assignments.pending(org) == []
    again = approver.post(decide, {"request": request.seq, "action": "approve"}, follow=True)
    assert "already decided" in again.content.decode()
    readable = _another(client, admin).get(case)
    assert readable.status_code == 200


def test_a_declined_move_leaves_the_person_where_they_were(client, centre):
    org, admin, other_admin, _head, officer_post, _complaint = centre
    admin_post = admin.person.position
    login_verified(client, admin)
    client.post(reverse("core:person_edit", kwargs={"person_id": admin.person.pk}),
                _person_form(admin.person, officer_post))  # fmt: skip
    (request,) = assignments.pending(org)
    login_verified(client, other_admin)
    decide = reverse("core:assignment_decide", kwargs={"person_id": admin.person.pk})
    assert client.post(decide, {"request": request.seq, "action": "decline"}).status_code == 302
    admin.person.refresh_from_db()
    assert admin.person.position == admin_post
    assert AuditEntry.objects.filter(action=assignments.DECLINED, actor=other_admin).exists()


def test_putting_someone_else_into_a_confidential_role_is_announced(client, centre):
    org, admin, other_admin, head, officer_post, _complaint = centre
    clerk = make_staff(org, roles=("clerk",))
    login_verified(client, admin)
    url = reverse("core:person_edit", kwargs={"person_id": clerk.person.pk})
    assert client.post(url, _person_form(clerk.person, officer_post)).status_code == 302
    clerk.person.refresh_from_db()
    assert clerk.person.position == officer_post  # another person's move needs no second approval…
    told = set(Notification.objects.filter(kind="core.assignment").values_list("recipient", flat=True))
    assert told == {head.pk, other_admin.pk}  # …but the centre head and the administrators are told
    assert AuditEntry.objects.filter(
        action="update", object_type="core.person", object_id=str(clerk.person.pk), actor=admin
    ).exists()


def test_the_refusal_is_in_thai_by_default(client, centre, settings):
    org, admin, _other, _head, officer_post, _complaint = centre
    login_verified(client, admin)
    client.post(reverse("core:person_edit", kwargs={"person_id": admin.person.pk}),
                _person_form(admin.person, officer_post))  # fmt: skip
    (request,) = assignments.pending(org)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    decide = reverse("core:assignment_decide", kwargs={"person_id": admin.person.pk})
    refused = client.post(decide, {"request": request.seq, "action": "approve"})
    assert refused.status_code == 403
    assert "หัวหน้าศูนย์รับเรื่องร้องเรียน ต้องเป็นผู้พิจารณาคำขอนี้" in refused.content.decode()
