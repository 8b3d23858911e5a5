"""Rows of every documents model carrying `marker`, for the project-wide tenant isolation test."""

from prongsai.documents import workflow
from prongsai.documents.models import DocumentSettings
from prongsai.documents.tests.factories import make_login, make_position


def populate(org, marker: str) -> None:
    DocumentSettings.objects.create(organisation=org, register_prefix="กจ ๑/", department=f"สำนักปลัด {marker}")
    boss = make_position(org, f"นายก {marker}", roles=("executive",))
    sender_position = make_position(org, f"นักวิเคราะห์ {marker}", roles=("analyst",), reports_to=boss)
    sender = make_login(org, f"docs-sender-{marker.lower()}", sender_position, "ผู้ส่ง", marker)
    make_login(org, f"docs-boss-{marker.lower()}", boss, "นายก", marker)
    from prongsai.documents.tests.factories import make_document

    document = make_document(org, sender, subject=f"บันทึก {marker}")
    workflow.transition(document, "submit", sender, note=f"ส่ง {marker}")  # numbered in the send register
    from datetime import date

    from prongsai.documents import kinds, registers

    kinds.create(org, kinds.ORDER, sender.person, sender, 2564, subject=f"คำสั่ง {marker}", facts=marker)
    registers.receive(org, {"sender": f"อำเภอ {marker}", "subject": f"หนังสือรับ {marker}", "to": marker,
                            "received_on": date(2021, 6, 1)})  # fmt: skip
