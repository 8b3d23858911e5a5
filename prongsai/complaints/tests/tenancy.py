"""Rows of every complaint model for the project-wide tenant isolation test."""

import datetime

from prongsai.complaints import actions, breakglass
from prongsai.complaints.models import CentreSettings, ClosedCase
from prongsai.complaints.tests.factories import make_complaint, pdf_evidence
from prongsai.core.audit import acting_as
from prongsai.core.tests.factories import make_staff


def populate(org, marker: str) -> None:
    officer = make_staff(org, roles=("complaints_officer",))
    admin = make_staff(org, roles=("org_admin",))
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
        CentreSettings.objects.create(organisation=org, deadlines={"screening": 10})
    with acting_as(admin):
        breakglass.grant(admin, complaint, f"{marker} คำสั่งศาลให้ส่งสำเนาเรื่องร้องเรียน")
    ClosedCase.objects.create(
        organisation=org,
        received_month=datetime.date(2021, 3, 1),
        category="bribery",
        outcome="concluded",
        days_to_close=40,
        working_days_to_close=28,
        deleted_on=datetime.date(2024, 1, 5),
    )
