import datetime

import pytest

from prongsai.complaints import actions
from prongsai.complaints.tests.factories import make_complaint, make_officer
from prongsai.complaints.workflow import TRANSITIONS, Action, State
from prongsai.core.models import Holiday
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db


def case_in(org, officer, state):
    """A case walked to `state` through the real transitions."""
    paths = {
        State.RECEIVED: [],
        State.SCREENING: ["screen"],
        State.NOT_ACCEPTED: ["screen", "reject"],
        State.REFERRED: ["screen", "refer"],
        State.INVESTIGATING: ["screen", "accept"],
        State.CONCLUDED: ["screen", "accept", "conclude"],
        State.CLOSED: ["screen", "reject", "close"],
    }
    complaint, _ = make_complaint(org)
    for action in paths[state]:
        actions.transition(complaint, action, actor=officer, reason="เหตุผล", agency="ป.ป.ช.")
    complaint.refresh_from_db()
    assert complaint.state == state
    return complaint


def test_every_pair_outside_the_table_is_refused_and_every_pair_inside_works():
    org = make_org("wf")
    officer = make_officer(org)
    for state in State:
        for action in Action:
            complaint = case_in(org, officer, state)
            if (state, action) in TRANSITIONS:
                actions.transition(complaint, action, actor=officer, reason="ok", agency="สตง.")
                complaint.refresh_from_db()
                assert complaint.state == TRANSITIONS[(state, action)]
            else:
                with pytest.raises(actions.TransitionRefused):
                    actions.transition(complaint, action, actor=officer, reason="ok", agency="x")
                complaint.refresh_from_db()
                assert complaint.state == state


def test_a_step_needs_a_reason_and_a_referral_needs_the_agency():
    org = make_org("wf2")
    officer = make_officer(org)
    complaint = case_in(org, officer, State.SCREENING)
    with pytest.raises(actions.TransitionRefused):
        actions.transition(complaint, "accept", actor=officer, reason="  ")
    with pytest.raises(actions.TransitionRefused):
        actions.transition(complaint, "refer", actor=officer, reason="นอกอำนาจ")
    step = actions.transition(
        complaint, "refer", actor=officer, reason="นอกอำนาจ", agency="ป.ป.ช. หนังสือ ที่ 1/2568"
    )
    assert "ป.ป.ช." in step.reason and step.to_state == State.REFERRED


def test_deadlines_count_thai_working_days():
    org = make_org("wf3")
    officer = make_officer(org)
    Holiday.objects.filter(date__year=2025).delete()  # only the one holiday below
    Holiday.objects.create(date=datetime.date(2025, 4, 14), name="วันสงกรานต์")
    complaint = case_in(org, officer, State.RECEIVED)
    # Screening from Friday 11 April 2025: 15 working days, skipping weekends and 14 April.
    actions.transition(complaint, "screen", actor=officer, reason="ตรวจ", today=datetime.date(2025, 4, 11))
    complaint.refresh_from_db()
    assert complaint.due_on == datetime.date(2025, 5, 5)
