"""Pages of the register and the plan: who edits what, tenancy, public visibility, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.integrity.models import ProjectProgress, Risk, RiskFollowUp
from prongsai.integrity.tests.factories import (
    make_action_plan,
    make_follow_up,
    make_project,
    make_register,
    make_risk,
)
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("bophloi-test")


@pytest.fixture
def units(org):
    return {"finance": make_unit(org, "กองคลัง"), "works": make_unit(org, "กองช่าง")}


def unit_head(org, unit):
    user = make_staff(org, roles=("unit_head",))
    position = user.person.position
    position.unit = unit
    position.save()
    return user


def risk_post(unit, **extra):
    return {"number": 1, "process": "procurement", "process_detail": "", "event": "แบ่งซื้อแบ่งจ้าง",
            "cause": "ไม่รวมแผน", "likelihood": "4", "impact": "5", "existing_controls": "ตรวจตามระเบียบ",
            "added_control": "รวมแผนรายไตรมาส", "owner_unit": unit.pk, **extra}  # fmt: skip


def test_the_analyst_adds_a_risk_and_a_follow_up(client, org, units):
    register = make_register(org, 2565)
    analyst = make_staff(org, roles=("analyst",))
    client.force_login(analyst)
    response = client.post(reverse("integrity:risk_add", kwargs={"risk_register_id": register.pk}),
                           risk_post(units["finance"]))  # fmt: skip
    assert response.status_code == 302
    risk = Risk.objects.for_org(org).get()
    assert (risk.score, risk.level.code) == (20, "very_high")
    response = client.post(
        reverse("integrity:follow_up_add", kwargs={"risk_id": risk.pk}),
        {
            "quarter": "1",
            "date": "2021-12-31",
            "residual_likelihood": "2",
            "residual_impact": "4",
            "note": "รวมแผนแล้ว",
        },
    )
    assert response.status_code == 302
    follow_up = RiskFollowUp.objects.for_org(org).get()
    assert follow_up.level.code == "medium"
    audited = AuditEntry.objects.filter(organisation=org, actor=analyst).values_list(
        "object_type", "object_id"
    )
    assert {("integrity.risk", str(risk.pk)), ("integrity.riskfollowup", str(follow_up.pk))} <= set(audited)
    page = client.get(
        reverse("integrity:register", kwargs={"risk_register_id": register.pk})
    ).content.decode()
    assert "แบ่งซื้อแบ่งจ้าง" in page and "รวมแผนแล้ว" in page and "<svg" in page


def test_a_second_follow_up_for_the_same_quarter_is_refused_and_nothing_is_lost(client, org, units):
    risk = make_risk(make_register(org, 2565), units["finance"])
    user = make_staff(org, roles=("analyst",))
    make_follow_up(risk, user, quarter=1)
    client.force_login(user)
    response = client.post(
        reverse("integrity:follow_up_add", kwargs={"risk_id": risk.pk}),
        {
            "quarter": "1",
            "date": "2021-12-31",
            "residual_likelihood": "1",
            "residual_impact": "1",
            "note": "ซ้ำ",
        },
    )
    assert response.status_code == 200 and "already has a follow-up" in response.content.decode()
    assert "ซ้ำ" in response.content.decode()  # the typed note is still in the form
    assert RiskFollowUp.objects.for_org(org).count() == 1


def test_a_unit_head_edits_only_the_risks_of_their_unit(client, org, units):
    register = make_register(org, 2565)
    own, other = make_risk(register, units["finance"], 1), make_risk(register, units["works"], 2)
    client.force_login(unit_head(org, units["finance"]))
    assert client.get(reverse("integrity:risk_edit", kwargs={"risk_id": own.pk})).status_code == 200
    assert client.get(reverse("integrity:risk_edit", kwargs={"risk_id": other.pk})).status_code == 403
    # and cannot file a new risk under another unit
    response = client.post(reverse("integrity:risk_add", kwargs={"risk_register_id": register.pk}),
                           risk_post(units["works"], number=3))  # fmt: skip
    assert response.status_code == 200 and Risk.objects.for_org(org).count() == 2


def test_staff_read_but_do_not_edit_and_only_the_clerk_approves(client, org, units):
    register = make_register(org, 2565)
    risk = make_risk(register, units["finance"])
    client.force_login(make_staff(org, roles=()))
    assert (
        client.get(reverse("integrity:register", kwargs={"risk_register_id": register.pk})).status_code == 200
    )
    assert client.get(reverse("integrity:risk_edit", kwargs={"risk_id": risk.pk})).status_code == 403
    transition = reverse("integrity:register_transition", kwargs={"risk_register_id": register.pk})
    client.force_login(make_staff(org, roles=("analyst",)))
    assert client.post(transition, {"action": "approve"}).status_code == 403
    client.force_login(make_staff(org, roles=("clerk",)))
    assert client.post(transition, {"action": "approve"}).status_code == 302
    register.refresh_from_db()
    assert register.state == "approved" and register.approved_by is not None
    # an approved register is frozen: risks no longer change
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.post(reverse("integrity:risk_edit", kwargs={"risk_id": risk.pk}),
                           risk_post(units["finance"], event="แก้ไข"))  # fmt: skip
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.event != "แก้ไข"


def test_another_organisation_gets_404(client, org, units):
    register = make_register(org, 2565)
    risk = make_risk(register, units["finance"])
    outsider = make_staff(make_org(), roles=("analyst", "clerk"))
    client.force_login(outsider)
    assert (
        client.get(reverse("integrity:register", kwargs={"risk_register_id": register.pk})).status_code == 404
    )
    assert client.get(reverse("integrity:risk_edit", kwargs={"risk_id": risk.pk})).status_code == 404


def test_citizens_see_only_what_is_published(client, org, units):
    register = make_register(org, 2565, state="approved")
    make_risk(register, units["finance"], event="เหตุการณ์สาธารณะ")
    public = reverse("integrity_public:register", kwargs={"org_slug": org.slug, "year": 2565})
    assert client.get(public).status_code == 404
    assert (
        client.get(reverse("integrity:register", kwargs={"risk_register_id": register.pk})).status_code == 302
    )
    register.published = True
    register.save()
    page = client.get(public)
    assert page.status_code == 200 and "เหตุการณ์สาธารณะ" in page.content.decode()


def test_the_plan_shows_late_and_due_reports_and_takes_progress(client, org, units):
    year = fiscal_year_of(date.today()) - 1  # a finished year: both reports are late without entries
    plan = make_action_plan(org, year)
    project = make_project(plan, units["finance"])
    user = make_staff(org, roles=("analyst",))
    client.force_login(user)
    url = reverse("integrity:action_plan", kwargs={"action_plan_id": plan.pk})
    assert client.get(url).content.decode().count("late: no report") == 2
    response = client.post(reverse("integrity:progress_add", kwargs={"project_id": project.pk}),
                           {"half": "1", "date": "2020-01-01", "status": "done", "progress": "100",
                            "spent": "9000", "note": "อบรมแล้ว"})  # fmt: skip
    assert response.status_code == 302
    assert ProjectProgress.objects.for_org(org).get().progress == 100
    assert client.get(url).content.decode().count("late: no report") == 1


def test_a_project_links_risks_and_measures_of_its_year(client, org, units):
    register = make_register(org, 2565)
    risk = make_risk(register, units["finance"])
    plan = make_action_plan(org, 2565)
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.post(reverse("integrity:project_add", kwargs={"action_plan_id": plan.pk}), {
        "number": "1", "title": "รวมแผนจัดซื้อ", "budget": "1500.50", "indicator": "จำนวนการแบ่งซื้อ",
        "target": "๐ ครั้ง", "owner_unit": units["finance"].pk, "risks": [risk.pk], "period": "ต.ค.๖๔-มี.ค.๖๕",
    })  # fmt: skip
    assert response.status_code == 302
    project = plan.projects.get()
    assert list(project.risks.all()) == [risk] and project.period_th == "ต.ค.๖๔-มี.ค.๖๕"
    bad = client.post(reverse("integrity:project_add", kwargs={"action_plan_id": plan.pk}), {
        "number": "2", "title": "นอกปี", "budget": "0", "indicator": "x", "target": "y",
        "owner_unit": units["finance"].pk, "period": "ต.ค.๖๕-ธ.ค.๖๕",
    })  # fmt: skip
    assert bad.status_code == 200 and "inside fiscal year 2565" in bad.content.decode()


def _register_queries(client, register) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("integrity:register", kwargs={"risk_register_id": register.pk})).status_code
            == 200
        )
    return len(queries)


def test_the_register_page_costs_the_same_queries_at_20_and_200_risks(client, org, units):
    register = make_register(org, 2565)
    user = make_staff(org, roles=("unit_head",))
    unit_list = list(units.values())
    risks = [
        Risk(organisation=org, register=register, number=n, process="procurement", event=f"เหตุการณ์ {n}",
             cause="สาเหตุ", likelihood=n % 5 + 1, impact=(n // 5) % 5 + 1, owner_unit=unit_list[n % 2])
        for n in range(1, 201)
    ]  # fmt: skip
    Risk.objects.bulk_create(risks[:20])
    for risk in Risk.objects.for_org(org)[:10]:
        make_follow_up(risk, user)
    client.force_login(user)
    small = _register_queries(client, register)
    Risk.objects.bulk_create(risks[20:])
    for risk in Risk.objects.for_org(org).filter(number__gt=20)[:50]:
        make_follow_up(risk, user)
    large = _register_queries(client, register)
    assert large == small
    assert large <= 14
