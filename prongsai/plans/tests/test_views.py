"""Staff and public pages: editing with bad input, follow-up and review, dashboards, public page."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.core.models import Position
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.plans import drafting
from prongsai.plans.models import Evidence, Measure, ReviewState, Step, StepUpdate
from prongsai.plans.tests.factories import (
    make_member,
    make_plan,
    make_seed_org,
    make_update,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def seed():
    """The seed organisation, its drafted plan, and a chain: adminhead -> officehead -> clerk."""
    org, units = make_seed_org()
    plan, _ = drafting.draft_plan(org, 2565, lowest_only=True)
    clerk = make_member(org, units["สำนักปลัดเทศบาล"], "clerk1", roles=("clerk",))
    office = make_member(org, units["สำนักปลัดเทศบาล"], "office1", reports_to=clerk.person.position)
    admin = make_member(org, units["ฝ่ายบริหารงานทั่วไป"], "admin1", reports_to=office.person.position)
    analyst = make_member(org, units["งานวิเคราะห์นโยบายและแผน"], "analyst1", roles=("analyst",),
                          reports_to=admin.person.position)  # fmt: skip
    finance = make_member(org, units["กองคลัง"], "finance1", reports_to=clerk.person.position)
    step = Step.objects.for_org(org).get(measure__plan=plan, measure__number=2, order=1)
    return {"org": org, "units": units, "plan": plan, "clerk": clerk, "office": office, "admin": admin,
            "analyst": analyst, "finance": finance, "step": step}  # fmt: skip


def test_the_analyst_drafts_a_plan_from_the_index(client):
    org, _ = make_seed_org()
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.post(reverse("plans:draft"), {"fiscal_year": "2565", "focus": "all"})
    plan = org and Measure.objects.for_org(org).first().plan
    assert response.status_code == 302 and response.url == reverse("plans:plan", kwargs={"plan_id": plan.pk})
    page = client.get(response.url).content.decode()
    assert "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ" in page and "ก.พ.๖๕-เม.ย.๖๕" in page
    assert 'id="coverage-ok"' in page


def test_a_unit_head_may_not_draft_or_edit(client, seed):
    client.force_login(seed["admin"])
    assert client.post(reverse("plans:draft"), {"fiscal_year": "2566", "focus": "all"}).status_code == 403
    measure = seed["step"].measure
    assert client.get(reverse("plans:measure_edit", kwargs={"measure_id": measure.pk})).status_code == 403


def test_a_period_outside_the_fiscal_year_is_refused_and_the_form_keeps_the_input(client, seed):
    client.force_login(seed["analyst"])
    url = reverse("plans:measure_add", kwargs={"plan_id": seed["plan"].pk})
    data = {"number": "8", "title": "มาตรการใหม่ทดสอบ", "period": "ก.ย.๖๕-ต.ค.๖๕", "follow_up": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2565" in page and "มาตรการใหม่ทดสอบ" in page and "ก.ย.๖๕-ต.ค.๖๕" in page
    assert not Measure.objects.for_org(seed["org"]).filter(number=8).exists()
    response = client.post(url, {**data, "period": "ไม่รู้"})
    assert "ก.พ.๖๕-เม.ย.๖๕" in response.content.decode()  # the example in the message
    response = client.post(url, {**data, "period": "มี.ค.๖๕-ก.ย.๖๕", "addresses": ["sub:9.3"]})
    measure = Measure.objects.for_org(seed["org"]).get(number=8)
    assert (measure.start, measure.end, measure.addresses) == (
        date(2022, 3, 1),
        date(2022, 9, 30),
        ["sub:9.3"],
    )


def test_a_step_without_a_responsible_unit_is_refused(client, seed):
    client.force_login(seed["analyst"])
    measure = seed["step"].measure
    before = measure.steps.count()
    response = client.post(reverse("plans:step_add", kwargs={"measure_id": measure.pk}), {"text": "ขั้นตอนใหม่"})
    assert response.status_code == 200
    assert "ขั้นตอนใหม่" in response.content.decode()
    assert measure.steps.count() == before


def test_removing_a_measure_leaves_a_gap_the_plan_page_names_and_renumbering_closes_it(client, seed):
    client.force_login(seed["analyst"])
    measure5 = Measure.objects.for_org(seed["org"]).get(plan=seed["plan"], number=5)
    client.post(reverse("plans:measure_delete", kwargs={"measure_id": measure5.pk}))
    page = client.get(reverse("plans:plan", kwargs={"plan_id": seed["plan"].pk})).content.decode()
    assert 'id="coverage-warnings"' in page and "9.3" in page
    client.post(reverse("plans:renumber", kwargs={"plan_id": seed["plan"].pk}))
    numbers = list(
        Measure.objects.for_org(seed["org"]).filter(plan=seed["plan"]).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_moving_a_measure_up_swaps_numbers(client, seed):
    client.force_login(seed["analyst"])
    second = Measure.objects.for_org(seed["org"]).get(plan=seed["plan"], number=2)
    client.post(reverse("plans:measure_move", kwargs={"measure_id": second.pk}), {"direction": "up"})
    second.refresh_from_db()
    assert second.number == 1
    assert Measure.objects.for_org(seed["org"]).get(plan=seed["plan"], number=2).title.startswith("การสร้าง")


def _post_update(client, step, **extra):
    data = {
        "date": "2022-03-01",
        "text": "จัดประชุมประชาคมแล้ว",
        "status": "in_progress",
        "progress": "40",
        **extra,
    }
    return client.post(reverse("plans:update_add", kwargs={"step_id": step.pk}), data)


def test_the_responsible_unit_posts_an_update_with_evidence_and_its_supervisor_is_notified(client, seed):
    client.force_login(seed["admin"])
    upload = SimpleUploadedFile("รายงานการประชุม.pdf", PDF, content_type="application/pdf")
    response = _post_update(client, seed["step"], file=upload, file_public="on")
    assert response.status_code == 302
    update = StepUpdate.objects.for_org(seed["org"]).get()
    evidence = Evidence.objects.get(update=update)
    assert evidence.is_public and evidence.name == "รายงานการประชุม.pdf"
    assert client.get(reverse("plans:evidence", kwargs={"evidence_id": evidence.pk})).getvalue() == PDF
    assert seed["office"].notifications.filter(kind="plans.review").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.pdf", b"MZ\x90\x00 not a pdf", "not an accepted type"),
        ("big.pdf", PDF + b"0" * (11 * 1024 * 1024), "MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_too_large_is_refused_and_nothing_is_saved(
    client, seed, name, content, message
):
    client.force_login(seed["admin"])
    response = _post_update(client, seed["step"], file=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "จัดประชุมประชาคมแล้ว" in page
    assert not StepUpdate.objects.for_org(seed["org"]).exists()


def test_someone_outside_the_unit_cannot_post_updates(client, seed):
    client.force_login(seed["finance"])
    assert _post_update(client, seed["step"]).status_code == 403


def test_return_fix_and_accept_and_the_public_page_shows_progress_not_the_comment(client, seed):
    step, plan = seed["step"], seed["plan"]
    update = make_update(step, seed["admin"], progress=40)
    make_evidence_url = Evidence.objects.create(
        organisation=seed["org"],
        update=update,
        url="https://example.org/minutes",
        name="บันทึกภายใน",
        is_public=False,
    )
    review = reverse("plans:update_review", kwargs={"step_update_id": update.pk})
    client.force_login(seed["finance"])  # not in the author's chain
    assert client.post(review, {"action": "accept"}).status_code == 403
    client.force_login(seed["admin"])  # nobody reviews their own update
    assert client.post(review, {"action": "accept"}).status_code == 403
    client.force_login(seed["office"])
    client.post(review, {"action": "return", "comment": "ความเห็นภายในห้ามเผยแพร่"})
    client.force_login(seed["admin"])
    fix = reverse("plans:update_edit", kwargs={"step_update_id": update.pk})
    client.post(fix, {"date": "2022-03-02", "text": "แก้ไขแล้ว", "status": "in_progress", "progress": "70",
                      "link": "https://example.org/photos", "link_public": "on"})  # fmt: skip
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED and update.progress == 70
    client.force_login(seed["clerk"])
    client.post(review, {"action": "accept"})
    step.refresh_from_db()
    assert step.progress == 70
    plan.published = True
    plan.save()
    client.logout()
    page = client.get(reverse("plans_public:plan", kwargs={"org_slug": seed["org"].slug, "year": 2565}))
    text = page.content.decode()
    assert "๗๐%" in text and "https://example.org/photos" in text
    assert "ความเห็นภายในห้ามเผยแพร่" not in text and "บันทึกภายใน" not in text
    private = reverse(
        "plans_public:evidence", kwargs={"org_slug": seed["org"].slug, "evidence_id": make_evidence_url.pk}
    )
    assert client.get(private).status_code == 404


def test_an_unpublished_plan_has_no_public_page(client, seed):
    url = reverse("plans_public:plan", kwargs={"org_slug": seed["org"].slug, "year": 2565})
    assert client.get(url).status_code == 404


def test_another_organisations_rows_are_404(client, seed):
    other = make_org()
    client.force_login(make_staff(other, roles=("analyst", "clerk")))
    update = make_update(seed["step"], seed["admin"])
    for name, kwargs in [
        ("plans:plan", {"plan_id": seed["plan"].pk}),
        ("plans:step", {"step_id": seed["step"].pk}),
        ("plans:measure_edit", {"measure_id": seed["step"].measure_id}),
        ("plans:update_review", {"step_update_id": update.pk}),
        ("plans:measure_delete", {"measure_id": seed["step"].measure_id}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_reports_list_only_accepted_updates_in_their_half(client, seed):
    step = seed["step"]
    make_update(step, seed["admin"], text="งานครึ่งแรก", date=date(2022, 3, 10), state="accepted", progress=50)
    make_update(step, seed["admin"], text="งานครึ่งหลัง", date=date(2022, 5, 10), state="accepted", progress=100,
                status="done")  # fmt: skip
    make_update(step, seed["admin"], text="ยังไม่ตรวจ", date=date(2022, 3, 11))
    client.force_login(seed["clerk"])
    url = reverse("plans:report", kwargs={"plan_id": seed["plan"].pk})
    six = client.get(url, {"months": "6"}).content.decode()
    assert "งานครึ่งแรก" in six and "งานครึ่งหลัง" not in six and "ยังไม่ตรวจ" not in six
    twelve = client.get(url, {"months": "12"}).content.decode()
    assert "งานครึ่งหลัง" in twelve and "๑๐๐%" in twelve


def test_export_json_and_xlsx(client, seed):
    client.force_login(seed["clerk"])
    url = reverse("plans:export", kwargs={"plan_id": seed["plan"].pk})
    data = client.get(url, {"format": "json"}).json()
    assert data["fiscal_year"] == 2565 and data["measures"][0]["period_th"] == "ก.พ.๖๕-เม.ย.๖๕"
    assert client.get(url, {"format": "xlsx"}).content[:2] == b"PK"


# --- dashboards -------------------------------------------------------------------------


def _big_plan(org, unit, author, measures: int, steps: int):
    """Half the measures ended in December 2565 (overdue on 10 Jan), half end in January (due)."""
    Step.objects.all().delete()
    Measure.objects.all().delete()
    plan = make_plan(org, 2566 + measures)
    Measure.objects.bulk_create(
        Measure(organisation=org, plan=plan, number=n, title=f"ม{n}", start=date(2022, 10, 1),
                end=date(2022, 12, 31) if n % 2 else date(2023, 1, 31))
        for n in range(1, measures + 1)
    )  # fmt: skip
    Step.objects.bulk_create(
        Step(organisation=org, measure=m, unit=unit, text=f"ขั้น {k}", order=k)
        for m in Measure.objects.filter(plan=plan) for k in range(1, steps + 1)
    )  # fmt: skip
    StepUpdate.objects.bulk_create(
        StepUpdate(organisation=org, step=s, author=author, text="x", progress=1, status="in_progress",
                   date=date(2022, 11, 1))
        for s in Step.objects.filter(measure__plan=plan)
    )  # fmt: skip


@pytest.mark.parametrize("show", ["due", "overdue", "review"])
def test_the_clerk_dashboard_query_count_is_fixed_for_200_measures_by_10_steps(
    client, seed, monkeypatch, show
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2023, 1, 10))
    client.force_login(seed["clerk"])
    url = reverse("plans:dashboard")
    _big_plan(seed["org"], seed["units"]["กองคลัง"], seed["finance"], 2, 1)
    client.get(url, {"show": show})  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"show": show})
    _big_plan(seed["org"], seed["units"]["กองคลัง"], seed["finance"], 200, 10)
    with CaptureQueriesContext(connection) as big:
        response = client.get(url, {"show": show})
    # 9: session, login (with its organisation, post and acting flag), the second-factor tables
    # (authenticator, backup codes), both step counts in one, the reviews' count, the page, the menu.
    assert len(big) == len(small) <= 9
    assert response.context["counts"] == {"due": 1000, "overdue": 1000, "review": 2000}
    assert len(response.context["page"].object_list) == 25


def test_the_dashboard_counts_due_overdue_and_waiting(client, seed, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2022, 5, 2))
    client.force_login(seed["finance"])
    make_update(Step.objects.for_org(seed["org"]).get(measure__number=1, order=1), seed["finance"])
    response = client.get(reverse("plans:dashboard"), {"show": "overdue"})
    counts = response.context["counts"]
    finance_steps = Step.objects.for_org(seed["org"]).filter(unit=seed["units"]["กองคลัง"])
    overdue = finance_steps.filter(measure__end__lt=date(2022, 5, 2)).count()
    assert counts["overdue"] == overdue > 0
    assert counts["review"] == 1
    assert counts["due"] == 0  # procurement runs to September, beyond 30 days
    assert "จัดทำคู่มือการใช้ทรัพย์สิน" in response.content.decode()
    client.force_login(seed["admin"])
    admin_counts = client.get(reverse("plans:dashboard")).context["counts"]
    assert admin_counts["review"] == 0  # another unit's update
    assert Position.objects.count() > 0
