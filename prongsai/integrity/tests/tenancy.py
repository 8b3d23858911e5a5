"""Integrity rows for the tenant-isolation walk (fiscal year 2564, as every app dates its yearly rows)."""

from prongsai.core.tests.factories import make_staff, make_unit
from prongsai.integrity.tests.factories import (
    make_action_plan,
    make_follow_up,
    make_progress,
    make_project,
    make_register,
    make_risk,
)


def populate(org, marker: str) -> None:
    unit = make_unit(org, f"กองความเสี่ยง{marker}")
    author = make_staff(org, roles=("unit_head",))
    register = make_register(org, 2564, state="approved", published=True)
    risk = make_risk(register, unit, event=f"เหตุการณ์ {marker}", cause=f"สาเหตุ {marker}")
    make_follow_up(risk, author, note=f"ติดตาม {marker}")
    plan = make_action_plan(org, 2564, published=True)
    project = make_project(plan, unit, title=f"โครงการ {marker}")
    project.risks.add(risk)
    make_progress(project, author, note=f"ความก้าวหน้า {marker}")
    populate_declarations(org, marker)


def populate_declarations(org, marker: str) -> None:
    """A declaration of each kind with a relation, a gift, an acknowledgement and kept indicators."""
    from datetime import date

    from django.utils import timezone

    from prongsai.core.tests.factories import make_person
    from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
    from prongsai.integrity.declarations import RelationData, declare
    from prongsai.integrity.models import EthicsAcknowledgement, Gift, RedFlagSummary

    clerk = make_staff(org, roles=("clerk",))
    person = make_person(org, f"ผู้แจ้ง{marker}", "ทดสอบ")
    # The disclosure app's line when it made one (the walk fills apps in name order): a second
    # summary of the same year would change what the API's own tests count.
    line = ProcurementLine.objects.for_org(org).order_by("pk").first()
    if line is None:
        summary = ProcurementSummary.objects.create(
            organisation=org, year=2564, month=3, title=f"{marker} สขร. มี.ค."
        )
        line = ProcurementLine.objects.create(
            organisation=org, summary=summary, number=1, project=f"{marker} ซื้อวัสดุ", budget=5000,
            method="เฉพาะเจาะจง", winner=f"ร้าน{marker}", price=5000,
        )  # fmt: skip
    relation = RelationData("firm", f"ร้าน{marker}", "1234567890121", f"ญาติ{marker}")
    declare(person, "annual", 2564, [relation], clerk, note=f"หมายเหตุ {marker}")
    declare(person, "procurement", 2564, [relation], clerk, line=line, committee_role=f"กรรมการ {marker}")
    Gift.objects.create(
        organisation=org, person=person, fiscal_year=2564, date=date(2021, 1, 5), giver=f"ผู้ให้ {marker}",
        description=f"กระเช้า {marker}", value=500, action="refused", created_by=clerk,
    )  # fmt: skip
    EthicsAcknowledgement.objects.create(
        organisation=org, person=person, fiscal_year=2564, acknowledged_at=timezone.now()
    )
    RedFlagSummary.objects.create(organisation=org, fiscal_year=2564, lines=1, computed_at=timezone.now())
