"""Demo plans of เทศบาลตำบลบ่อพลอย: FY 2565's measures drafted from its ITA 2564 result (the seed),
and this fiscal year's drafted from last year's result, with one measure done, one late and one
due this month, dated from today so the demo never ages.
"""

from datetime import date, timedelta

from django.utils import timezone

from prongsai.core import audit
from prongsai.core.models import User
from prongsai.ita.models import Result
from prongsai.plans import drafting
from prongsai.plans.models import Evidence, Measure, Plan, ReviewState, Step, StepStatus, StepUpdate
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of


def load(organisations: dict) -> None:
    _seed(organisations["bophloi"])
    _this_year(organisations["bophloi"], timezone.localdate())


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _this_year(org, today: date) -> None:
    """This fiscal year's plan from last year's ITA result; its follow-up as it stands today."""
    year = fiscal_year_of(today)
    if year <= 2565 or Plan.objects.for_org(org).filter(fiscal_year=year).exists():
        return  # the seed's plan is the seed's; an existing plan keeps the analyst's edits
    if not Result.objects.for_org(org).filter(year=year - 1).exists():
        return
    first_day, last_day = fiscal_year_bounds(year)
    with audit.acting_as("demo"):
        plan, _draft = drafting.draft_plan(org, year)
        plan.published = True
        plan.save()
        users = {u.username: u for u in User.objects.filter(username__in=("adminhead", "clerk"))}
        measures = list(Measure.objects.for_org(org).filter(plan=plan).order_by("number"))
        last_month_end = today.replace(day=1) - timedelta(days=1)
        for n, measure in enumerate(measures):
            if n < 2 and last_month_end >= first_day:
                measure.start, measure.end = first_day, last_month_end  # 1: done; 2: late
            elif n == 2:
                measure.start, measure.end = today.replace(day=1), _month_end(today)  # due this month
            else:
                measure.start, measure.end = first_day, last_day  # ตลอดปีงบประมาณ
            measure.save()
        if len(measures) < 3:
            return
        done_on = max(first_day, min(measures[0].end, today) - timedelta(days=3))
        _update(org, measures[0], done_on, users, 100, StepStatus.DONE, ReviewState.ACCEPTED,
                "ดำเนินการตามมาตรการแล้วเสร็จ และรายงานผลต่อปลัดเทศบาลแล้ว")  # fmt: skip
        started = max(first_day, today - timedelta(days=20))
        _update(org, measures[1], started, users, 40, StepStatus.IN_PROGRESS, ReviewState.ACCEPTED,
                "เริ่มดำเนินการแล้ว แต่ยังไม่แล้วเสร็จตามกำหนด รอข้อมูลจากกองคลัง")  # fmt: skip
        _update(org, measures[2], today, users, 60, StepStatus.IN_PROGRESS, ReviewState.SUBMITTED,
                "จัดทำร่างเอกสารแล้ว เสนอหัวหน้าสำนักปลัดตรวจสอบ")  # fmt: skip


def _update(org, measure, day, users, progress, status, state, text) -> None:
    """One update on every step of a measure; an accepted one moves the step, as a review would."""
    author, reviewer = users["adminhead"], users["clerk"]
    accepted = state == ReviewState.ACCEPTED
    review = {"reviewer": reviewer, "reviewed_at": timezone.now()} if accepted else {}
    for step in Step.objects.for_org(org).filter(measure=measure):
        StepUpdate.objects.create(
            organisation=org, step=step, date=day, author=author, progress=progress, status=status, text=text,
            state=state, **review,
        )  # fmt: skip
        if accepted:
            step.status, step.progress = status, progress
            step.save()


def _seed(org) -> None:
    if Plan.objects.for_org(org).filter(fiscal_year=2565).exists():
        return  # idempotent: the analyst's edits survive a reload
    with audit.acting_as("demo"):
        # The seed's seven measures (the lowest indicator of each tool and the failed OIT items),
        # procurement included where the seed forgot it.
        plan, _draft = drafting.draft_plan(org, 2565, lowest_only=True)
        plan.published = True
        plan.save()
        finance, admin, clerk = (User.objects.get(username=u) for u in ("finance", "adminhead", "clerk"))
        first = Step.objects.for_org(org).get(measure__plan=plan, measure__number=1, order=1)
        done = StepUpdate.objects.create(
            organisation=org, step=first, date=date(2022, 3, 15), author=finance, progress=100, status="done",
            text="จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ และเสนอปลัดเทศบาลลงนามแล้ว",
            state=ReviewState.ACCEPTED, reviewer=clerk, reviewed_at=timezone.now(),
        )  # fmt: skip
        Evidence.objects.create(
            organisation=org, update=done, url="https://example.org/bophloi/property-manual.pdf",
            name="คู่มือการใช้ทรัพย์สินของทางราชการ", is_public=True,
        )  # fmt: skip
        first.status, first.progress = "done", 100
        first.save()
        second = Step.objects.for_org(org).get(measure__plan=plan, measure__number=2, order=1)
        StepUpdate.objects.create(
            organisation=org, step=second, date=date(2022, 3, 20), author=admin, progress=50,
            status="in_progress", text="ประกาศรับสมัครผู้แทนชุมชนเข้าร่วมสภาประชาคมแล้ว ๑๒ หมู่บ้าน",
        )  # fmt: skip
