"""Demo data of the complaint centre: a few realistic cases at บ่อพลอย (idempotent); its head and
officer are posts of the demo organisation (core/demo.py)."""

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.core.audit import acting_as
from prongsai.core.models import User

CASES = [
    (
        "bribery",
        "เจ้าหน้าที่งานป้องกันและบรรเทาสาธารณภัย",
        "มกราคม 2568 ที่สำนักงานเทศบาล",
        "มีการเรียกรับเงินเพื่อเร่งออกหนังสือรับรองความเสียหายจากอุทกภัย รายละ 500 บาท",
    ),
    (
        "procurement",
        "กองช่าง",
        "โครงการซ่อมแซมถนนหมู่ 3 ปีงบประมาณ 2568",
        "ผู้รับจ้างลงหินคลุกบางกว่าแบบ และคณะกรรมการตรวจรับงานตรวจรับโดยไม่ออกไปดูหน้างาน",
    ),
    (
        "property",
        "พนักงานขับรถส่วนกลาง",
        "วันหยุดสุดสัปดาห์ เดือนกุมภาพันธ์ 2568",
        "นำรถยนต์ส่วนกลางของเทศบาลไปใช้ในงานส่วนตัวต่างจังหวัด",
    ),
]


def load(organisations: dict) -> None:
    org = organisations.get("bophloi")
    if org is None or Complaint.objects.for_org(org).exists():
        return
    user = User.objects.get(username="complaints")  # the centre's officer, a post of core/demo.py
    with acting_as("demo"):
        for category, concerned, when_where, description in CASES:
            actions.submit(org, actions.Submission(category, concerned, when_where, description), [])
        first = Complaint.objects.for_org(org).order_by("seq").first()
        actions.transition(first, "screen", actor=user, reason="ตรวจสอบข้อเท็จจริงเบื้องต้น")
        actions.officer_message(first, "ศูนย์ได้รับเรื่องแล้ว อยู่ระหว่างตรวจสอบข้อเท็จจริง", [], by=user)
