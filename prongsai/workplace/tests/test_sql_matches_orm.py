"""Every provider's hand-written SQL lists what its ORM version listed (docs/adr/0005).

Two organisations hold work of every kind (documents decided by post, by delegate, or not by
their author; plan steps due and updates under review up the chain; complaint cases with and
without a conflict; loans at every step, a stand-in superior, a custodian; comments; messages to
the mayor; missing OIT items with the unit that published them last), and every login of both
gets the same entries, in the same order, with the same titles and links, in Thai and in English,
from `entries.collect` and from the ORM reference (`tests/reference/`).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from prongsai.complaints import actions as complaint_actions
from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.factories import make_complaint
from prongsai.core.models import Person, User
from prongsai.core.tests.factories import make_org, make_person, make_staff, make_unit
from prongsai.disclosure.models import Item, Publication
from prongsai.disclosure.tests.factories import make_catalogue, make_executive, make_message, make_publication
from prongsai.documents.models import ApprovalStep, Document, Status, StepState
from prongsai.documents.tests.factories import make_document
from prongsai.participation.models import CommentStatus
from prongsai.participation.tests.factories import make_comment, make_consultation
from prongsai.plans.models import ReviewState, StepStatus
from prongsai.plans.tests.factories import make_measure, make_plan, make_step, make_update
from prongsai.property.models import Loan, LoanState
from prongsai.property.tests.factories import make_item, make_loan
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.workplace.entries import collect
from prongsai.workplace.kinds import LABELS
from prongsai.workplace.tests import reference

pytestmark = pytest.mark.django_db


def _office(tag: str) -> dict:
    """One organisation with something waiting in every module, for several people."""
    today = timezone.localdate()
    org = make_org()
    roads, finance = make_unit(org, f"กองช่าง {tag}"), make_unit(org, f"กองคลัง {tag}")
    clerk = make_staff(org, f"clerk-{tag}", roles=("clerk",), first=f"ปลัด{tag}")
    head = make_staff(org, f"head-{tag}", roles=("unit_head",), first=f"หัวหน้า{tag}")
    head.person.position.unit, head.person.position.reports_to = roads, clerk.person.position
    head.person.position.save()
    engineer = make_staff(org, f"engineer-{tag}", roles=("staff",), first=f"วิศวกร{tag}")
    engineer.person.position.unit, engineer.person.position.reports_to = roads, head.person.position
    engineer.person.position.save()
    keeper = make_staff(org, f"keeper-{tag}", roles=("property_officer", "analyst"), first=f"พัสดุ{tag}")
    keeper.person.position.unit, keeper.person.position.reports_to = finance, clerk.person.position
    keeper.person.position.save()
    officer = make_staff(org, f"officer-{tag}", roles=("complaints_officer",), first=f"ศูนย์{tag}")
    centre_head = make_staff(org, f"centre-{tag}", roles=("complaints_head",))
    mayor_login = make_staff(org, f"mayor-{tag}", roles=("executive",), first=f"นายก{tag}")
    mayor = make_executive(org, user=None, first=f"ชัยเชษฐ{tag}")
    Person.objects.filter(user=mayor_login).update(user=None)
    Person.objects.filter(pk=mayor.person_id).update(user=mayor_login)
    other_executive = make_executive(org, first=f"รองนายก{tag}")
    retired = make_person(org, first=f"เกษียณ{tag}", is_active=False)
    no_person = User.objects.create_user(f"noperson-{tag}", password="x", organisation=org)

    # Documents: by post, by delegate (in post or not), never one's own; one returned to its author.
    chain = [head.person.position, clerk.person.position]
    for n, (delegate, state) in enumerate(
        [(None, StepState.PENDING), (keeper.person, StepState.PENDING), (retired, StepState.PENDING),
         (None, StepState.WAITING)]
    ):  # fmt: skip
        document = make_document(org, engineer, subject=f"เรื่องที่ {n} {tag}")
        Document.objects.filter(pk=document.pk).update(status=Status.IN_REVIEW)
        ApprovalStep.objects.filter(document=document).delete()
        for order, position in enumerate(chain, start=1):
            ApprovalStep.objects.create(
                organisation=org, document=document, order=order, position=position,
                delegate=delegate if order == 1 else None, state=state if order == 1 else StepState.WAITING,
            )  # fmt: skip
    own = make_document(org, head, subject=f"ของหัวหน้าเอง {tag}")
    Document.objects.filter(pk=own.pk).update(status=Status.IN_REVIEW)
    ApprovalStep.objects.filter(document=own).update(state=StepState.PENDING, position=head.person.position)
    for n in range(2):
        returned = make_document(org, engineer, subject=f"แก้ไข {n} {tag}", to=f"ปลัด {n}")
        Document.objects.filter(pk=returned.pk).update(status=Status.RETURNED)

    # Plans: steps due (one done, one far, one of a past plan), updates up the chain.
    year = fiscal_year_of(today)
    plan, past = make_plan(org, fiscal_year=year), make_plan(org, fiscal_year=year - 1)
    soon = make_measure(plan, 2, start=today - timedelta(days=30), end=today + timedelta(days=2))
    late = make_measure(plan, 1, start=today - timedelta(days=60), end=today - timedelta(days=3))
    far = make_measure(plan, 3, start=today, end=today + timedelta(days=90))
    old = make_measure(past, 1, start=today - timedelta(days=400), end=today - timedelta(days=300))
    steps = [
        make_step(soon, roads, f"สำรวจถนน {tag}", 1), make_step(late, roads, f"ซ่อมท่อ {tag} " + "ก" * 90, 2),
        make_step(late, finance, f"ตรวจพัสดุ {tag}", 1), make_step(far, roads, "ไกล", 1),
        make_step(old, roads, "ปีก่อน", 1), make_step(soon, roads, "เสร็จแล้ว", 3, status=StepStatus.DONE),
    ]  # fmt: skip
    make_update(steps[0], engineer, date=today)
    make_update(steps[1], engineer, date=today)
    make_update(steps[2], head, date=today)
    make_update(steps[2], keeper, date=today, state=ReviewState.ACCEPTED)
    make_update(steps[3], no_person, date=today)

    # Complaints: two due, one naming the officer, one of the officer's unit, one far, one closed.
    officer.person.position.unit = finance
    officer.person.position.save()
    cases = [
        make_complaint(org)[0],
        make_complaint(org, concerned="เจ้าหน้าที่ศูนย์")[0],
        make_complaint(org, description=f"นางศูนย์{tag} ใจดี เรียกรับเงิน")[0],
        make_complaint(org, unit_concerned=finance)[0],
        make_complaint(org)[0],
        make_complaint(org)[0],
    ]
    complaint_actions.assign(cases[0], officer, by=centre_head)
    assigned = Complaint.objects.get(pk=cases[0].pk).state  # the others as if assigned before a conflict
    Complaint.objects.filter(pk__in=[c.pk for c in cases]).update(assigned_to=officer, state=assigned)
    dues = [today - timedelta(days=2), today, today, today, today + timedelta(days=200), today]
    for case, due in zip(cases, dues, strict=True):
        Complaint.objects.filter(pk=case.pk).update(due_on=due)
    Complaint.objects.filter(pk=cases[-1].pk).update(state="closed")

    # Property: a request, one endorsed, one approved, one on loan due back, one whose borrower
    # heads the unit (their superior stands in), an item in the engineer's custody.
    items = [make_item(org, roads, name=f"เครื่อง {k}") for k in range(6)]
    items[2].custodian = engineer.person
    items[2].save()
    loans = [
        make_loan(keeper, [items[0]], today=today, start=today + timedelta(days=3), purpose="ประชุม"),
        make_loan(keeper, [items[1]], today=today, start=today + timedelta(days=5), purpose="อบรม"),
        make_loan(keeper, [items[2]], today=today, start=today + timedelta(days=1), purpose="ออกพื้นที่"),
        make_loan(engineer, [items[3]], today=today, start=today, purpose="ซ่อม " + "ข" * 90),
        make_loan(head, [items[4]], today=today, start=today + timedelta(days=8), purpose="ตรวจงาน"),
        make_loan(keeper, [items[5]], today=today, start=today, days=20, purpose="ยืมยาว"),
    ]
    states = [LoanState.REQUESTED, LoanState.ENDORSED, LoanState.APPROVED, LoanState.ON_LOAN,
              LoanState.REQUESTED, LoanState.ON_LOAN]  # fmt: skip
    for loan, state in zip(loans, states, strict=True):
        Loan.objects.filter(pk=loan.pk).update(state=state)

    # Participation: pending comments on two consultations, one published.
    first = make_consultation(org, title=f"รับฟัง ก {tag}", closes_on=today + timedelta(days=4))
    second = make_consultation(org, title=f"รับฟัง ข {tag}", closes_on=today + timedelta(days=9))
    make_comment(first), make_comment(first), make_comment(second)
    make_comment(second, status=CommentStatus.PUBLISHED)

    # Disclosure: messages to both executives, one answered; this year's catalogue, partly published.
    make_message(mayor, subject=f"ถนนชำรุด {tag}")
    make_message(other_executive, subject=f"ไฟดับ {tag}")
    make_message(mayor, subject=f"ตอบแล้ว {tag}", answered_at=timezone.now())
    current = make_catalogue(org, year)
    earlier = make_catalogue(org, year - 1)
    make_publication(current[0])
    make_publication(current[1], publish_at=timezone.now() + timedelta(days=3))  # not yet out
    make_publication(Item.objects.get(pk=earlier[1].pk), unit=finance, days_ago=200)
    make_publication(Item.objects.get(pk=earlier[1].pk), unit=roads, days_ago=100)  # the latest
    make_publication(Item.objects.get(pk=earlier[2].pk), days_ago=100)  # no unit
    assert Publication.objects.filter(organisation=org).count() == 5
    return {"org": org, "engineer": engineer, "keeper": keeper}


@pytest.fixture
def offices():
    cache.clear()
    yield [_office("หนึ่ง"), _office("สอง")]
    cache.clear()


def test_every_login_gets_what_the_orm_gave(offices):
    kinds = set()
    users = list(User.objects.filter(organisation__in=[o["org"] for o in offices]).order_by("pk"))
    for language in ("th", "en"):
        with translation.override(language):
            for user in users:
                user = User.objects.get(pk=user.pk)  # a fresh login, nothing cached on it
                expected = [e.to_dict() for e in reference.collect(User.objects.get(pk=user.pk))]
                assert [e.to_dict() for e in collect(user)] == expected, (language, user.username)
                kinds |= {e["kind"] for e in expected}
    assert kinds == set(LABELS)  # every kind of entry was compared


def test_each_provider_costs_a_fixed_number_of_queries(offices):
    engineer = User.objects.get(pk=offices[0]["engineer"].pk)
    collect(engineer)
    with CaptureQueriesContext(connection) as few:
        collect(User.objects.get(pk=engineer.pk))
    for k in range(6):  # more work of every kind for the engineer: the same statements
        document = make_document(offices[0]["org"], offices[0]["keeper"], subject=f"เพิ่ม {k}")
        Document.objects.filter(pk=document.pk).update(status=Status.RETURNED, author=engineer.person)
    with CaptureQueriesContext(connection) as many:
        assert len(collect(User.objects.get(pk=engineer.pk))) > 6
    assert len(many) == len(few)
