"""A measure's period as offices write it, and a new measure's default: the plan's own fiscal year."""

from datetime import date

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_staff
from prongsai.plans.models import Measure
from prongsai.plans.tests.factories import make_plan, make_seed_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2570(client):
    org, _units = make_seed_org()
    client.force_login(make_staff(org, roles=("analyst",)))
    return make_plan(org, 2570)


def _add(client, plan, period):
    url = reverse("plans:measure_add", kwargs={"plan_id": plan.pk})
    data = {"number": "1", "title": "มาตรการทดสอบระยะเวลา", "period": period, "follow_up": "x"}
    return client.post(url, data)


def test_a_new_measure_runs_through_the_plans_fiscal_year_by_default(client, plan_2570):
    page = client.get(reverse("plans:measure_add", kwargs={"plan_id": plan_2570.pk})).content.decode()
    assert 'value="ต.ค.๖๙-ก.ย.๗๐"' in page
    assert "ก.พ.๗๐-เม.ย.๗๐" not in page and 'value="ก.พ.' not in page
    response = _add(client, plan_2570, "ต.ค.๖๙-ก.ย.๗๐")
    assert response.status_code == 302
    measure = Measure.objects.get(plan=plan_2570)
    assert (measure.start, measure.end) == (date(2026, 10, 1), date(2027, 9, 30))


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("ตลอดปีงบประมาณ", date(2026, 10, 1), date(2027, 9, 30)),
        ("ไตรมาส ๑", date(2026, 10, 1), date(2026, 12, 31)),
        ("ไตรมาสที่ 2", date(2027, 1, 1), date(2027, 3, 31)),
        ("ไตรมาส ๓-๔", date(2027, 4, 1), date(2027, 9, 30)),
        ("ไตรมาส ๔", date(2027, 7, 1), date(2027, 9, 30)),
    ],
)
def test_the_whole_year_and_quarters_are_accepted(client, plan_2570, period, start, end):
    assert _add(client, plan_2570, period).status_code == 302
    measure = Measure.objects.get(plan=plan_2570)
    assert (measure.start, measure.end) == (start, end)


def test_a_bad_quarter_is_refused_in_the_users_language_and_keeps_the_input(client, plan_2570):
    response = _add(client, plan_2570, "ไตรมาส ๕")
    page = response.content.decode()
    assert response.status_code == 200 and "ไตรมาส ๕" in page and "มาตรการทดสอบระยะเวลา" in page
    assert "Write the period as ตลอดปีงบประมาณ, a quarter (ไตรมาส ๑)" in page
    assert not Measure.objects.filter(plan=plan_2570).exists()
