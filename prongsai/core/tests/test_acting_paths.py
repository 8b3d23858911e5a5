"""Every approval path takes an acting official (รักษาราชการแทน) for the post: documents, plans,
property and complaints; and nobody, acting or not, decides on their own matter (core.duties)."""

import datetime

import pytest
from django.utils import timezone

from prongsai.core.duties import DutyRefused
from prongsai.core.models import ActingAppointment
from prongsai.core.tests.factories import make_org, make_person, make_position, make_staff, make_unit

pytestmark = pytest.mark.django_db


def appoint(position, person, days=30):
    today = timezone.localdate()
    return ActingAppointment.objects.create(
        organisation=position.organisation, position=position, person=person,
        start=today, end=today + datetime.timedelta(days=days), order_reference="คำสั่งที่ ๑๒/๒๕๖๙",
    )  # fmt: skip


@pytest.fixture
def works():
    """กองช่าง with its head post vacant, an engineer and a borrower in it, and the clerk."""
    from prongsai.property.tests.factories import make_item

    org = make_org()
    unit = make_unit(org, "กองช่าง")
    clerk = make_staff(org, roles=("clerk",))
    head_post = make_position(org, "ผู้อำนวยการกองช่าง", unit=unit, roles=("unit_head",),
                              reports_to=clerk.person.position)  # fmt: skip
    engineer = make_staff(org, roles=())
    borrower = make_staff(org, roles=())
    for user in (engineer, borrower):
        user.person.position.unit, user.person.position.reports_to = unit, head_post
        user.person.position.save()
    truck = make_item(org, unit, name="รถบรรทุก", category="vehicle")
    return org, head_post, engineer, borrower, clerk, truck


def test_a_vacant_head_post_no_longer_blocks_a_vehicle_loan(works):
    from prongsai.property import actions
    from prongsai.property.models import LoanState
    from prongsai.property.tests.factories import make_loan

    _org, head_post, engineer, borrower, clerk, truck = works
    today = timezone.localdate()
    loan = make_loan(borrower, [truck], today=today)
    assert actions.available_actions(engineer, loan) == []  # blocked while nobody acts for the head
    appoint(head_post, engineer.person)
    engineer = type(engineer).objects.get(pk=engineer.pk)  # a new request: nothing cached
    assert "endorse" in actions.available_actions(engineer, loan)
    assert actions.waiting_for(engineer, [loan]) == [loan]
    loan = actions.transition(loan, "endorse", engineer, today=today)
    loan = actions.transition(loan, "approve", clerk, today=today)
    assert loan.state == LoanState.APPROVED


def test_an_acting_official_still_cannot_decide_on_their_own_loan(works):
    from prongsai.property import actions
    from prongsai.property.tests.factories import make_loan

    _org, head_post, _engineer, borrower, _clerk, truck = works
    appoint(head_post, borrower.person)
    loan = make_loan(borrower, [truck], today=timezone.localdate())
    borrower = type(borrower).objects.get(pk=borrower.pk)
    assert "endorse" not in actions.available_actions(borrower, loan)
    with pytest.raises(DutyRefused):
        actions.transition(loan, "endorse", borrower, today=timezone.localdate())


def test_an_acting_official_signs_a_memo_step_printed_as_acting_for_the_post():
    from prongsai.documents import measures, workflow
    from prongsai.documents.tests.factories import make_chain_org, make_document

    org, users = make_chain_org()
    head = users["head"].person
    head.is_active = False  # the head of the clerk's office has left: the post is vacant
    head.save()
    document = make_document(org, users["analyst"])
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(document, "submit", users["analyst"])
    deputy = make_staff(org, roles=())
    deputy.person.position.title_th = "รองปลัดเทศบาล"
    deputy.person.position.save()
    appoint(head.position, deputy.person)
    workflow.transition(document, "submit", users["analyst"])
    step = document.steps.get(order=1)
    assert workflow.approver_of(step) == deputy.person
    assert workflow.may_decide(step, deputy)
    workflow.transition(document, "approve", deputy, suggestion="เห็นควรเสนอปลัดเทศบาล")
    step.refresh_from_db()
    assert step.signed_position == "รองปลัดเทศบาล รักษาราชการแทนหัวหน้าสำนักปลัด"
    printed = measures.memo(document).approvals[0]
    assert "รักษาราชการแทนหัวหน้าสำนักปลัด" in printed.position and deputy.person.first_name in printed.name


def test_the_holder_of_a_post_someone_acts_for_stays_out_of_its_steps():
    from prongsai.documents import workflow
    from prongsai.documents.tests.factories import make_chain_org, make_document

    org, users = make_chain_org()
    stand_in = make_staff(org, roles=())
    appoint(users["head"].person.position, stand_in.person)
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    step = document.steps.get(order=1)
    assert not workflow.may_decide(step, users["head"]) and workflow.may_decide(step, stand_in)
    # Acting for the sender's own superior does not let the sender approve their own memo.
    own = make_document(org, users["analyst"], fiscal_year=2566)
    ActingAppointment.objects.all().delete()
    appoint(users["head"].person.position, users["analyst"].person)
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(own, "submit", users["analyst"])


def test_an_acting_official_reviews_plan_updates_and_writes_for_the_unit():
    from prongsai.plans import access
    from prongsai.plans.tests.factories import make_measure, make_member, make_plan, make_step, make_update

    org = make_org()
    works, office = make_unit(org, "กองช่าง"), make_unit(org, "สำนักปลัด")
    head_post = make_position(org, "ผู้อำนวยการกองช่าง", unit=works, roles=("unit_head",))
    author = make_member(org, works, roles=("staff",), reports_to=head_post)
    outsider = make_member(org, office, roles=("staff",))
    step = make_step(make_measure(make_plan(org)), works)
    update = make_update(step, author)
    assert not access.can_review(outsider, update) and not access.can_write_update(outsider, step)
    appoint(head_post, outsider.person)
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert access.can_review(outsider, update) and access.can_write_update(outsider, step)
    assert not access.can_review(author, update)  # nobody reviews their own update


def test_the_acting_head_of_the_complaint_centre_hears_break_glass_and_assigns():
    from prongsai.complaints import actions
    from prongsai.complaints.tests.factories import make_complaint, make_officer

    org = make_org()
    head_post = make_position(org, "หัวหน้าศูนย์รับเรื่องร้องเรียน", roles=("complaints_head",))
    officer, deputy = make_officer(org), make_officer(org)
    assert actions.heads_of(org) == actions.officers_of(org)  # no head: the officers stand in
    appoint(head_post, deputy.person)
    assert actions.heads_of(org) == [deputy]
    deputy = type(deputy).objects.get(pk=deputy.pk)
    complaint, _code = make_complaint(org)
    actions.assign(complaint, officer, by=deputy)
    complaint.refresh_from_db()
    assert complaint.assigned_to == officer
    with pytest.raises(DutyRefused):
        actions.assign(complaint, deputy, by=deputy)  # never to oneself


def test_an_appointment_ends_on_its_last_day(works):
    from prongsai.core import acting

    org, head_post, engineer, *_rest = works
    row = appoint(head_post, engineer.person, days=0)
    assert acting.signatory(head_post, row.end) == (engineer.person, True)
    assert acting.signatory(head_post, row.end + datetime.timedelta(days=1)) == (None, False)
    assert make_person(org)  # others in the organisation are unaffected
