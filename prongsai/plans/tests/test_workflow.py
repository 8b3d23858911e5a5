"""The review of updates: the transition table, and two supervisors accepting at once."""

import pytest

from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.plans import workflow
from prongsai.plans.models import ReviewState, StepUpdate
from prongsai.plans.tests.factories import make_measure, make_plan, make_step, make_update


def _update():
    org = make_org()
    unit = make_unit(org, "กองคลัง")
    author = make_staff(org, roles=("unit_head",))
    step = make_step(make_measure(make_plan(org), units=[unit]), unit)
    return org, step, make_update(step, author, progress=60, status="in_progress")


@pytest.mark.django_db
def test_accepting_moves_the_step_to_the_update_status_and_progress():
    org, step, update = _update()
    reviewer = make_staff(org, roles=("clerk",))
    workflow.transition(update.pk, workflow.ACCEPT, user=reviewer)
    step.refresh_from_db()
    update.refresh_from_db()
    assert (step.status, step.progress) == ("in_progress", 60)
    assert update.state == ReviewState.ACCEPTED and update.reviewer == reviewer


@pytest.mark.django_db
def test_return_needs_a_comment_and_leaves_the_step_unchanged():
    org, step, update = _update()
    reviewer = make_staff(org, roles=("clerk",))
    with pytest.raises(workflow.TransitionError, match="comment"):
        workflow.transition(update.pk, workflow.RETURN, user=reviewer, comment="  ")
    workflow.transition(update.pk, workflow.RETURN, user=reviewer, comment="แนบภาพถ่ายด้วย")
    step.refresh_from_db()
    assert (step.status, step.progress) == ("not_started", 0)
    assert StepUpdate.objects.get(pk=update.pk).comment == "แนบภาพถ่ายด้วย"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, refused",
    [
        (["accept"], "accept"),
        (["accept"], "return"),
        (["return"], "accept"),
        ([], "resubmit"),
        (["return", "resubmit"], "resubmit"),
    ],
)
def test_transitions_outside_the_table_are_refused(path, refused):
    org, _step, update = _update()
    reviewer = make_staff(org, roles=("clerk",))
    for action in path:
        workflow.transition(update.pk, action, user=reviewer, comment="แก้ไข")
    state = StepUpdate.objects.get(pk=update.pk).state
    with pytest.raises(workflow.TransitionError):
        workflow.transition(update.pk, refused, user=reviewer, comment="แก้ไข")
    assert StepUpdate.objects.get(pk=update.pk).state == state


@pytest.mark.django_db
def test_two_supervisors_accepting_the_same_update_give_one_success_and_one_clear_message(client):
    """Both opened the page while the update waited; the second click finds it accepted (the row is
    locked with select_for_update, so on PostgreSQL the second waits for the first to commit)."""
    from django.urls import reverse

    org, _step, update = _update()
    first, second = make_staff(org, roles=("clerk",)), make_staff(org, roles=("clerk",))
    url = reverse("plans:update_review", kwargs={"step_update_id": update.pk})
    client.force_login(first)
    client.post(url, {"action": "accept"})
    client.force_login(second)
    response = client.post(url, {"action": "accept"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("already been accepted" in m for m in messages), messages
    update.refresh_from_db()
    assert update.reviewer == first
