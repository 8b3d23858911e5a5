import pytest

from prongsai.core.models import AuditEntry, Notification
from prongsai.documents import workflow
from prongsai.documents.models import DocumentEvent, Status, StepState
from prongsai.documents.tests.factories import approve_all, make_document, make_person, make_position

pytestmark = pytest.mark.django_db


def test_the_chain_follows_the_chain_of_command(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    assert [s.position.title_th for s in document.steps.all()] == ["หัวหน้าสำนักปลัด", "ปลัดเทศบาล", "นายกเทศมนตรี"]


def test_submit_numbers_the_document_and_notifies_the_first_approver(chain_org):
    org, users = chain_org
    from prongsai.documents.models import DocumentSettings

    DocumentSettings.objects.update_or_create(organisation=org, defaults={"register_prefix": "กจ ๕๓๐๐๑/"})
    first = make_document(org, users["analyst"])
    second = make_document(org, users["analyst"])
    workflow.transition(first, "submit", users["analyst"])
    workflow.transition(second, "submit", users["analyst"])
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.reference, second.reference) == ("กจ ๕๓๐๐๑/๑", "กจ ๕๓๐๐๑/๒")
    assert Notification.objects.filter(recipient=users["head"], kind="documents.review").count() == 2


def test_the_whole_chain_approves_and_freezes_the_document(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    document = approve_all(document, users)
    assert document.status == Status.APPROVED
    assert [s.signed_name for s in document.steps.all()] == [
        "นางพอลาณ คนตรง", "นางชุต เหมวิเชียร", "นางชัยเชษฐ พัฒนะพิชัย",
    ]  # fmt: skip
    with pytest.raises(workflow.WorkflowError, match="cannot be edited"):
        workflow.update_text(document, {"subject": "แก้"}, users["analyst"])
    assert AuditEntry.objects.filter(organisation=org, action="documents.approve").count() == 3


def test_return_to_an_earlier_step_then_resubmit_restarts_there(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    workflow.transition(document, "approve", users["head"])
    workflow.transition(document, "approve", users["clerk"])
    workflow.transition(document, "return", users["mayor"], note="แก้ตัวเลข", return_to=2)
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    states = list(document.steps.values_list("state", flat=True))
    assert states == [StepState.APPROVED, StepState.WAITING, StepState.WAITING]
    workflow.update_text(document, {"facts": "แก้ไขแล้ว"}, users["analyst"])
    workflow.transition(document, "resubmit", users["analyst"])
    assert document.steps.get(order=2).state == StepState.PENDING
    actions = list(DocumentEvent.objects.filter(document=document).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "approve", "return", "edit", "resubmit"]


def test_only_the_pending_approver_may_decide(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    with pytest.raises(workflow.WorkflowError, match="another approver"):
        workflow.transition(document, "approve", users["mayor"])


def test_a_return_needs_a_reason_and_an_earlier_step(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    with pytest.raises(workflow.WorkflowError, match="revised"):
        workflow.transition(document, "return", users["head"], note="", return_to=1)
    with pytest.raises(workflow.WorkflowError, match="Choose the step"):
        workflow.transition(document, "return", users["head"], note="แก้", return_to=3)


@pytest.mark.parametrize("status", list(Status))
def test_every_pair_not_in_the_table_is_refused(chain_org, status):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    for action in workflow.ACTIONS:
        if (status, action) in workflow.TRANSITIONS:
            continue
        document.status = status
        document.save()
        with pytest.raises(workflow.WorkflowError, match="not possible"):
            workflow.transition(document, action, users["analyst"])


def test_a_chain_of_command_with_a_loop_is_refused(chain_org):
    _org, users = chain_org
    mayor = users["mayor"].person.position
    mayor.reports_to = users["head"].person.position
    mayor.save()
    with pytest.raises(workflow.WorkflowError, match="loops"):
        workflow.chain_from_command(users["analyst"].person.position)


def test_a_chain_with_a_missing_or_repeated_position_is_refused(chain_org):
    _org, users = chain_org
    head = users["head"].person.position
    with pytest.raises(workflow.WorkflowError, match="no position"):
        workflow.check_chain([head, None])
    with pytest.raises(workflow.WorkflowError, match="twice"):
        workflow.check_chain([head, users["clerk"].person.position, head])
    with pytest.raises(workflow.WorkflowError, match="empty"):
        workflow.check_chain([])


def test_an_approver_who_left_blocks_submission_until_someone_acts_for_them(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    clerk = users["clerk"].person
    clerk.is_active = False
    clerk.save()
    with pytest.raises(workflow.WorkflowError, match="Nobody holds the position “ปลัดเทศบาล”"):
        workflow.transition(document, "submit", users["analyst"])
    acting = make_person(org, first="รักษา", last="ราชการแทน", position=make_position(org, "รองปลัด"))
    workflow.reassign(document.steps.get(order=2), acting, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    assert workflow.approver_of(document.steps.get(order=2)) == acting


def test_an_approved_document_is_superseded_only_by_a_new_approved_version(chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    document = approve_all(document, users)
    copy = workflow.new_version(document, users["analyst"])
    assert (copy.version, copy.status, copy.subject) == (2, Status.DRAFT, document.subject)
    with pytest.raises(workflow.WorkflowError, match="already exists"):
        workflow.new_version(document, users["analyst"])
    workflow.transition(copy, "submit", users["analyst"])
    approve_all(copy, users)
    document.refresh_from_db()
    assert document.status == Status.SUPERSEDED
