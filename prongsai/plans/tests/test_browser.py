"""The follow-up journey in a real browser, from the draft to the public progress page.

The analyst drafts and edits the plan; the unit head records an update with an evidence file;
the supervisor returns it with a comment; the unit head fixes it; the clerk accepts; the public
page shows the new progress and not the internal comment.
"""

import pytest

from prongsai.core.tests.factories import PASSWORD
from prongsai.plans.models import Plan, Step
from prongsai.plans.tests.factories import make_member, make_seed_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMMENT = "โปรดแนบรายชื่อผู้เข้าร่วมประชุม (ความเห็นภายใน)"


def sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/staff/")


def test_draft_update_return_fix_accept_and_publish(live_server, page, tmp_path):
    org, units = make_seed_org("bophloi-browser")
    clerk = make_member(org, units["สำนักปลัดเทศบาล"], "clerk1", roles=("clerk",))
    office = make_member(org, units["สำนักปลัดเทศบาล"], "office1", reports_to=clerk.person.position)
    head = make_member(org, units["ฝ่ายบริหารงานทั่วไป"], "head1", reports_to=office.person.position)
    analyst = make_member(org, units["งานวิเคราะห์นโยบายและแผน"], "analyst1", roles=("analyst",),
                          reports_to=head.person.position)  # fmt: skip
    base = live_server.url

    # The analyst drafts the FY 2565 plan from the ITA 2564 result and renames measure 2.
    sign_in(page, base, analyst)
    page.goto(f"{base}/staff/plans/")
    page.select_option("#id_fiscal_year", "2565")
    page.locator("form[action$='/staff/plans/draft/'] button[type=submit]").click()
    page.wait_for_url("**/staff/plans/*/")
    plan = Plan.objects.get(organisation=org, fiscal_year=2565)
    measure = plan.measures.get(number=2)
    page.goto(f"{base}/staff/plans/measures/{measure.pk}/")
    page.fill("#id_title", "มาตรการการมีส่วนร่วมของภาคประชาชนผ่านสภาประชาคม")
    page.get_by_role("button", name="บันทึกมาตรการ").click()
    page.wait_for_load_state()
    page.goto(f"{base}/staff/plans/{plan.pk}/")
    assert "ผ่านสภาประชาคม" in page.content()

    # The unit head of ฝ่ายบริหารงานทั่วไป records an update with a PDF as evidence.
    step = Step.objects.filter(measure=measure, unit=units["ฝ่ายบริหารงานทั่วไป"]).first() or Step.objects.filter(
        measure=measure).first()  # fmt: skip
    step.unit = units["ฝ่ายบริหารงานทั่วไป"]
    step.save()
    evidence = tmp_path / "รายงานการประชุม.pdf"
    evidence.write_bytes(PDF)
    sign_in(page, base, head)
    page.goto(f"{base}/staff/plans/steps/{step.pk}/")
    page.fill("#id_date", "๑ มี.ค. ๒๕๖๕")  # as a Thai clerk writes it
    page.fill("#id_text", "จัดประชุมสภาประชาคมครั้งแรกแล้ว")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "40")
    page.set_input_files("#id_file", str(evidence))
    page.check("#id_file_public")
    page.get_by_role("button", name="ส่งให้ผู้บังคับบัญชาตรวจสอบ").click()
    page.wait_for_load_state()
    assert "จัดประชุมสภาประชาคมครั้งแรกแล้ว" in page.content()

    # The supervisor returns it with a comment.
    sign_in(page, base, office)
    page.goto(f"{base}/staff/plans/steps/{step.pk}/")
    page.locator("article.update textarea").fill(COMMENT)
    page.locator("article.update button[value=return]").click()
    page.wait_for_load_state()
    assert COMMENT in page.content()

    # The unit head fixes it and sends it again.
    sign_in(page, base, head)
    page.goto(f"{base}/staff/plans/steps/{step.pk}/")
    page.locator("article.update a.button").click()
    assert page.input_value("#id_date") == "01/03/2565"  # reopened: the same day, in the Buddhist era
    page.fill("#id_progress", "70")
    page.fill("#id_text", "จัดประชุมสภาประชาคมแล้ว แนบรายชื่อผู้เข้าร่วม")
    page.get_by_role("button", name="ส่งตรวจสอบอีกครั้ง").click()
    page.wait_for_load_state()

    # The clerk accepts; the analyst publishes the progress page.
    sign_in(page, base, clerk)
    page.goto(f"{base}/staff/plans/steps/{step.pk}/")
    page.locator("article.update button[value=accept]").click()
    page.wait_for_load_state()
    sign_in(page, base, analyst)
    page.goto(f"{base}/staff/plans/{plan.pk}/")
    page.locator(f"form[action$='/staff/plans/{plan.pk}/publish/'] button").click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    page.goto(f"{base}/{org.slug}/plans/2565/")
    public = page.content()
    assert "๗๐%" in public and "ผ่านสภาประชาคม" in public and "รายงานการประชุม.pdf" in public
    assert COMMENT not in public
