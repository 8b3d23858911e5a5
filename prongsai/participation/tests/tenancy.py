"""Participation rows for the tenant-isolation walk: the marker is in text each page shows."""

from datetime import date

from django.utils import timezone

from prongsai.core.tests.factories import make_person
from prongsai.participation import iit
from prongsai.participation.models import ConsultationDocument, PaperCode, StaffSurveyPolicy, digest
from prongsai.participation.tests.factories import (
    make_comment,
    make_consultation,
    make_meeting,
    make_member,
    make_response,
    make_survey,
    make_theme,
)
from prongsai.participation.tests.iit_helpers import make_staff_survey


def populate(org, marker: str) -> None:
    member = make_member(org, first=f"{marker}สมศรี")
    meeting = make_meeting(org, title=f"{marker} ประชุม", minutes=f"{marker} บันทึก", held_on=date(2022, 3, 1),
                           minutes_published_at=timezone.now())  # fmt: skip
    meeting.attendees.add(member)
    consultation = make_consultation(org, title=f"{marker} ปรึกษา")
    ConsultationDocument.objects.create(organisation=org, consultation=consultation, title=f"{marker} เอกสาร",
                                        path="participation/x.pdf",
                                        content_type="application/pdf")  # fmt: skip
    theme = make_theme(
        consultation, title=f"{marker} ประเด็น", we_did=f"{marker} ปรับแล้ว", changed_on=date(2022, 3, 2)
    )
    make_comment(consultation, body=f"{marker} ความเห็น", status="published", theme=theme)
    survey = make_survey(org, title=f"{marker} แบบสำรวจ", service=f"{marker} บริการ")
    PaperCode.objects.create(organisation=org, survey=survey, code_hash=digest(f"{marker}-code"))
    make_response(survey, {"e1": 3}, token=f"{marker}-token", submitted_on=date(2022, 3, 3))
    staff_survey = make_staff_survey(org, title=f"{marker} แบบวัดภายใน")
    StaffSurveyPolicy.objects.create(organisation=org, min_respondents=5)
    iit.issue_slips(staff_survey, [make_person(org, first=f"{marker}บุคลากร", email="x@example.org")])
    for token in iit._draw(staff_survey, 5):
        iit.submit(staff_survey, token, {"i1.1": "3"}, comment=f"{marker} ข้อเสนอ")
