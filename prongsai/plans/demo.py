"""Demo plan: เทศบาลตำบลบ่อพลอย's FY 2565 measures drafted from its ITA 2564 result, with follow-up."""

from datetime import date

from django.utils import timezone

from prongsai.core import audit
from prongsai.core.models import User
from prongsai.plans import drafting
from prongsai.plans.models import Evidence, Plan, ReviewState, Step, StepUpdate


def load(organisations: dict) -> None:
    org = organisations["bophloi"]
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
