"""Rows of every complaint model for the project-wide tenant isolation test."""

from prongsai.complaints import actions
from prongsai.complaints.tests.factories import make_complaint, pdf_evidence
from prongsai.core.audit import acting_as
from prongsai.core.tests.factories import make_staff


def populate(org, marker: str) -> None:
    officer = make_staff(org, roles=("complaints_officer",))
    complaint, _code = make_complaint(
        org,
        description=f"{marker} รายละเอียด",
        concerned=f"{marker} ผู้ถูกร้อง",
        files=[pdf_evidence(f"{marker}.pdf")],
    )
    with acting_as(officer):
        actions.transition(complaint, "screen", actor=officer, reason=f"{marker} เหตุผล")
        actions.officer_message(complaint, f"{marker} ข้อความ", [], by=officer)
        actions.add_note(complaint, f"{marker} บันทึก", by=officer)
