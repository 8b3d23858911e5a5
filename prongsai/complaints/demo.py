"""Demo data of the complaint centre: an officer and a few realistic cases at บ่อพลอย (idempotent)."""

from prongsai.complaints import actions
from prongsai.complaints.models import Complaint
from prongsai.core.audit import acting_as
from prongsai.core.models import Person, Position, Unit, User

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
    user, created = User.objects.get_or_create(username="complaints", defaults={"organisation": org})
    if created:
        user.set_password("prongsai-demo-2565")
        user.save()
        unit = Unit.objects.for_org(org).filter(name_th="สำนักปลัดเทศบาล").first()
        position = Position.objects.create(
            organisation=org,
            title_th="เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนการทุจริต",
            unit=unit,
            roles=["complaints_officer"],
        )
        Person.objects.create(
            organisation=org,
            prefix="นางสาว",
            first_name="วิไล",
            last_name="ซื่อตรง",
            position=position,
            user=user,
        )
    with acting_as("demo"):
        for category, concerned, when_where, description in CASES:
            actions.submit(org, actions.Submission(category, concerned, when_where, description), [])
        first = Complaint.objects.for_org(org).order_by("seq").first()
        actions.transition(first, "screen", actor=user, reason="ตรวจสอบข้อเท็จจริงเบื้องต้น")
        actions.officer_message(first, "ศูนย์ได้รับเรื่องแล้ว อยู่ระหว่างตรวจสอบข้อเท็จจริง", [], by=user)
