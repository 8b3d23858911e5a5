"""Background work of participation: e-mailing the staff survey's invitations.

The tokens are drawn here, when the task runs, so they never sit in the task store's arguments
or result; the task keeps only the survey's id and returns a count.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from prongsai.core.audit import acting_as
from prongsai.core.mail import one_line


@task
def send_staff_invitations(survey_id: int) -> dict:
    from prongsai.participation import iit
    from prongsai.participation.models import StaffSurvey

    survey = StaffSurvey.objects.select_related("organisation").filter(pk=survey_id).first()
    if survey is None:
        return {"sent": 0}

    def send(address: str, token: str) -> None:
        send_mail(one_line(f"แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน: {survey.title}"),
                  invitation_text(survey, token), None, [address])  # fmt: skip

    with acting_as("participation.iit_invitations"):
        return {"sent": iit.deliver_emails(survey, send)}


def invitation_text(survey, token: str) -> str:
    from prongsai.participation import iit

    return (
        f"{survey.organisation.name_th} ขอเชิญท่านตอบแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) "
        f"“{survey.title}”\n\n{iit.answer_url(survey, token)}\n\n"
        f"รหัสเชิญของท่าน: {iit.spaced(token)}\n"
        "รหัสนี้ใช้ตอบได้ครั้งเดียว ระบบไม่เก็บว่าผู้ใดตอบอย่างไร คำตอบไม่ผูกกับรหัสหรือชื่อของท่าน\n\n"
        "You are invited to answer the internal staff survey (IIT). The code answers once; "
        "your answers are kept without your code or your name."
    )
