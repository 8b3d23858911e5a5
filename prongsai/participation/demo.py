"""Demo participation data for เทศบาลตำบลบ่อพลอย: measure 2 of the seed memo (FY 2565) carried out.

The council is set up (ก.พ.–เม.ย. ๖๕ in the memo), meets, is consulted on the civil registration
service, and the municipality records what it changed; a satisfaction survey has answers.
Then today's cycle: the council's term running today (four-year terms counted from the seed's),
a consultation open now on this fiscal year's measures, and this fiscal year's internal staff
survey (IIT) with its invitations and answers. Dates come from the clock.
Idempotent: run again, nothing is duplicated.
"""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from prongsai.core.models import Unit
from prongsai.participation import iit
from prongsai.participation.models import (
    CommentStatus,
    Consultation,
    ConsultationKind,
    CouncilMember,
    InvitationChannel,
    Meeting,
    StaffInvitation,
    StaffResponse,
    StaffSurvey,
    StaffToken,
    Survey,
    SurveyResponse,
    Theme,
    digest,
)
from prongsai.participation.scoring import eit_questions, iit_questions
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of

MEMBERS = [
    ("นาย", "สมบัติ", "ทองดี", 1, "บ้านบ่อพลอย", "chair"),
    ("นาง", "บุญเรือน", "แก้วมณี", 2, "บ้านหนองกร่าง", "vice_chair"),
    ("นางสาว", "พิมพ์ชนก", "ศรีสุข", 3, "บ้านท่าดินแดง", "secretary"),
    ("นาย", "ประยูร", "ใจเย็น", 4, "บ้านหนองรี", "member"),
    ("นาง", "สายใจ", "รักถิ่น", 5, "บ้านดงเสลา", "member"),
]


# Four re-appointed for the term running today and two new (prefix, first, last, village, community, role).
NEW_MEMBERS = [
    ("นาย", "วิชัย", "มั่นคง", 6, "บ้านหนองผือ", "member"),
    ("นางสาว", "อรุณี", "แสงทอง", 7, "บ้านทุ่งนา", "member"),
]
SEED_TERM = (date(2022, 2, 1), date(2026, 1, 31))


def load(organisations: dict) -> None:
    org = organisations["bophloi"]
    if not Meeting.objects.for_org(org).filter(held_on=date(2022, 3, 10)).exists():
        _seed(org)
    today = timezone.localdate()
    _current_term(org, today)
    _open_consultation(org, today)
    _staff_survey(org, today)


def _term_running(today: date) -> tuple[date, date]:
    start, end = SEED_TERM
    while end < today:
        start = end + timedelta(days=1)
        end = start.replace(year=start.year + 4) - timedelta(days=1)
    return start, end


def _current_term(org, today: date) -> None:
    start, end = _term_running(today)
    if start == SEED_TERM[0] or CouncilMember.objects.for_org(org).filter(term_start=start).exists():
        return
    order = f"คำสั่งเทศบาลตำบลบ่อพลอย ที่ ๑๒/{to_thai_digits(str(start.year + 543))}"
    for p, f, last, v, c, r in [*MEMBERS[:4], *NEW_MEMBERS]:
        CouncilMember.objects.create(
            organisation=org, prefix=p, first_name=f, last_name=last, village_no=v, community=c, role=r,
            appointed_by=order, term_start=start, term_end=end, phone=f"08{v}-555-02{v}{v}",
        )  # fmt: skip


def _open_consultation(org, today: date) -> None:
    year = fiscal_year_of(today)
    title = f"ร่างมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {to_thai_digits(str(year))}"
    Consultation.objects.get_or_create(
        organisation=org, title=title,
        defaults={"kind": ConsultationKind.PLAN, "opens_on": today - timedelta(days=7),
                  "closes_on": today + timedelta(days=30),
                  "description": "เทศบาลขอรับฟังความคิดเห็นต่อร่างมาตรการที่จัดทำจากผลการประเมิน ITA ปีที่ผ่านมา "
                                 "ก่อนประกาศใช้ ท่านเสนอมาตรการเพิ่มเติมหรือแสดงความเห็นต่อมาตรการใดก็ได้",
                  "measure": "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"},
    )  # fmt: skip


def _seed(org) -> None:
    open_until = timezone.localdate() + timedelta(days=365)  # open, so demo visitors can try them
    members = [
        CouncilMember.objects.create(
            organisation=org, prefix=p, first_name=f, last_name=last, village_no=v, community=c, role=r,
            appointed_by="คำสั่งเทศบาลตำบลบ่อพลอย ที่ ๔๕/๒๕๖๕",
            term_start=SEED_TERM[0], term_end=SEED_TERM[1],
            phone=f"08{v}-555-01{v}{v}",
        )
        for p, f, last, v, c, r in MEMBERS
    ]  # fmt: skip
    meeting = Meeting.objects.create(
        organisation=org, title="ประชุมสภาประชาคมเทศบาลตำบลบ่อพลอย ครั้งที่ ๑/๒๕๖๕", held_on=date(2022, 3, 10),
        place="ห้องประชุมเทศบาลตำบลบ่อพลอย",
        agenda="๑. เรื่องประธานแจ้งเพื่อทราบ\n๒. การจัดตั้งสภาประชาคม\n๓. ความเห็นต่อการให้บริการงานทะเบียนราษฎร",
        minutes="ประธานเปิดประชุมเวลา ๐๙.๓๐ น. สมาชิกเสนอให้ขยายเวลาให้บริการช่วงพักเที่ยง",
        resolutions="เห็นชอบเสนอเทศบาลพิจารณาเปิดให้บริการงานทะเบียนช่วงเวลา ๑๒.๐๐–๑๓.๐๐ น.",
        minutes_published_at=timezone.now(),
    )  # fmt: skip
    meeting.attendees.set(members[:4])
    consultation = Consultation.objects.create(
        organisation=org, title="ปรับปรุงการให้บริการงานทะเบียนราษฎร", kind="service",
        description="เทศบาลขอรับฟังความคิดเห็นเรื่องเวลาเปิดให้บริการและขั้นตอนการขอเอกสาร",
        opens_on=date(2022, 3, 1), closes_on=open_until,
        measure="มาตรการที่ ๒ มาตรการการมีส่วนร่วมของภาคประชาชน",
    )  # fmt: skip
    theme = Theme.objects.create(
        organisation=org, consultation=consultation, title="เวลาเปิดให้บริการ",
        you_said="ประชาชนที่ทำงานกลางวันมาติดต่อได้เฉพาะช่วงพักเที่ยง",
        answer="เทศบาลเห็นด้วยและจัดเจ้าหน้าที่ผลัดเปลี่ยนกัน",
        we_did="เปิดให้บริการงานทะเบียนช่วงพักเที่ยง ๑๒.๐๐–๑๓.๐๐ น. ทุกวันทำการ ตั้งแต่ ๑ เมษายน ๒๕๖๕",
        changed_on=date(2022, 4, 1), measure="มาตรการที่ ๒ มาตรการการมีส่วนร่วมของภาคประชาชน",
    )  # fmt: skip
    consultation.comments.create(
        organisation=org, body="ขอให้เปิดช่วงพักเที่ยงด้วย คนทำงานมาไม่ทัน", author_name=members[1].full_name,
        member=members[1], status=CommentStatus.PUBLISHED, theme=theme,
        created_at=timezone.make_aware(datetime(2022, 3, 12, 10, 30)),
    )  # fmt: skip
    consultation.comments.create(organisation=org, body="อยากให้มีบัตรคิวออนไลน์")
    survey = Survey.objects.create(
        organisation=org, title="ความพึงพอใจต่อการให้บริการงานทะเบียนราษฎร ปีงบประมาณ ๒๕๖๕",
        service="ทะเบียนราษฎร", opens_on=date(2022, 4, 1), closes_on=open_until,
    )  # fmt: skip
    rng = random.Random(2565)
    questions = eit_questions(survey.ita_year)
    for n in range(40):
        # Mostly good answers, as the municipality's EIT 2564 scores (72–81) suggest.
        answers = {
            q.code: rng.choices(range(len(q.options)), [float(p) + 20 for p in q.points])[0]
            for q in questions
        }
        SurveyResponse.objects.create(
            organisation=org,
            survey=survey,
            answers=answers,
            token_hash=digest(f"demo-{n}"),
            submitted_on=date(2022, 5, 1),
        )


# Where this year's staff see room to improve (question codes of the 2564 form): borrowing
# property, taking part in checking the budget, and feeling safe to report, as last year's
# result (indicator 4 lowest) suggests. Their answers lean one level towards the bad side.
WEAK_SPOTS = {"i12.2", "i12.3", "i20", "i22", "i24", "i30.2", "i30.4", "i15"}
STAFF_ANSWERS = 9
REMARKS = [
    ("สำนักปลัดเทศบาล", "ควรมีแบบฟอร์มยืมพัสดุออนไลน์และแจ้งผลการอนุมัติให้ทราบ"),
    ("สำนักปลัดเทศบาล", "อยากให้เปิดเผยแผนการใช้จ่ายงบประมาณในที่ประชุมประจำเดือน"),
    ("", "ช่องทางร้องเรียนควรแจ้งความคืบหน้าให้ผู้ร้องทราบ โดยไม่เปิดเผยชื่อ"),
    ("", ""),
    ("สำนักปลัดเทศบาล", ""),
    ("กองช่าง", "ควรมีทะเบียนคุมการยืมเครื่องมือช่างที่ตรวจสอบได้"),
    ("สำนักปลัดเทศบาล", "การคัดเลือกผู้เข้าอบรมควรประกาศหลักเกณฑ์ให้ทุกคนทราบ"),
    ("", ""),
    ("สำนักปลัดเทศบาล", ""),
]


def _staff_answer(rng: random.Random, q) -> int:
    """Mostly favourable, as a municipality whose IIT last year was in the high 80s."""
    good_first = list(range(len(q.options)))
    if q.points[0] > q.points[-1]:  # reversed scales: the first option is the best
        good_first.reverse()
    weights = [0, 1, 6, 15] if len(good_first) == 4 else [1, 15]
    if q.code in WEAK_SPOTS:
        weights = [1, 4, 9, 6] if len(good_first) == 4 else [3, 7]
    return rng.choices(good_first, weights)[0]


def _staff_survey(org, today: date) -> None:
    """This fiscal year's IIT: the demo staff invited by slip (but two), nine answers."""
    year = fiscal_year_of(today)
    survey, created = StaffSurvey.objects.get_or_create(
        organisation=org,
        title=f"แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ปีงบประมาณ พ.ศ. {to_thai_digits(str(year))}",
        defaults={
            "ita_year": year, "opens_on": today - timedelta(days=14), "closes_on": today + timedelta(days=30),
        },
    )  # fmt: skip
    if not created:
        return
    people = list(iit.staff(org))[:-2]  # two left for a visitor to print slips for and answer
    StaffInvitation.objects.bulk_create(
        StaffInvitation(organisation=org, survey=survey, person=p, channel=InvitationChannel.SLIP, sent=True)
        for p in people
    )
    tokens = max(len(people), STAFF_ANSWERS + 2)
    StaffToken.objects.bulk_create(
        StaffToken(
            organisation=org, survey=survey, token_hash=digest(f"demo-iit-{year}-{n}"), used=n < STAFF_ANSWERS
        )
        for n in range(tokens)
    )
    units = {u.name_th: u for u in Unit.objects.for_org(org)}
    rng = random.Random(year)
    questions = iit_questions(year)
    for n, (unit, remark) in enumerate(REMARKS[:STAFF_ANSWERS]):
        StaffResponse.objects.create(
            organisation=org, survey=survey, comment=remark, unit=units.get(unit),
            answers={q.code: _staff_answer(rng, q) for q in questions},
            submitted_on=survey.opens_on + timedelta(days=n % 10),
        )  # fmt: skip
