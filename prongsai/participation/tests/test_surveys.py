import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.core.tests.factories import make_unit
from prongsai.participation import actions
from prongsai.participation.models import PaperCode, Survey, SurveyResponse
from prongsai.participation.tests.factories import make_response, make_survey, paid, paid_for

pytestmark = pytest.mark.django_db


def survey_url(survey):
    return reverse(
        "participation_public:survey", kwargs={"org_slug": survey.organisation.slug, "survey_id": survey.pk}
    )


def test_a_citizen_answers_online_once_per_browser(client, org):
    survey = make_survey(org)
    url = survey_url(survey)
    first = client.post(url, {"e1": "3", "e4": "1", **paid(client, url)})  # the GET sets the token cookie
    assert first.status_code == 302
    again = client.post(url, {"e1": "0", **paid_for(org)})
    assert again.status_code == 400
    assert "already been answered" in again.content.decode() or "ตอบแล้ว" in again.content.decode()
    assert SurveyResponse.objects.get().answers == {"e1": 3, "e4": 1}
    assert (
        'name="pow_challenge"' not in client.get(survey_url(survey)).content.decode()
    )  # no form to fill again


def test_another_browser_may_answer(client, org):
    survey = make_survey(org)
    url = survey_url(survey)
    client.post(url, {"e1": "3", **paid(client, url)})
    client.cookies.clear()
    assert client.post(url, {"e1": "2", **paid(client, url)}).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_a_forged_token_cookie_is_not_accepted(client, org):
    survey = make_survey(org)
    url = survey_url(survey)
    pow_fields = paid(client, url)
    client.cookies[f"prongsai_survey_{survey.pk}"] = "forged"
    response = client.post(url, {"e1": "3", **pow_fields})
    assert response.status_code == 400 and not SurveyResponse.objects.exists()


def test_a_closed_survey_refuses_answers_with_a_message(client, org):
    today = timezone.localdate()
    survey = make_survey(org, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1))
    client.get(survey_url(survey))
    response = client.post(survey_url(survey), {"e1": "3"})
    assert response.status_code == 400
    assert "closed" in response.content.decode() or "ปิด" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_empty_answer_sheet_is_refused_and_choices_are_kept(client, org):
    survey = make_survey(org)
    url = survey_url(survey)
    response = client.post(url, {"e1": "9", **paid(client, url)})
    assert response.status_code == 400 and not SurveyResponse.objects.exists()
    response = client.post(url, {"e2": "2", "paper_code": "NOPE", **paid(client, url)})
    assert response.status_code == 400
    assert 'name="e2" value="2" checked' in response.content.decode()


def test_a_paper_code_counts_once(org):
    survey = make_survey(org)
    [code] = actions.issue_paper_codes(survey, 1)
    actions.submit_response(survey, {"e1": "2"}, paper_code=code)
    with pytest.raises(actions.ValidationError):
        actions.submit_response(survey, {"e1": "2"}, paper_code=code)
    with pytest.raises(actions.ValidationError):
        actions.submit_response(survey, {"e1": "2"}, paper_code="NEVERMADE")
    assert SurveyResponse.objects.get().channel == "paper"
    assert not PaperCode.objects.filter(code_hash=code).exists()  # kept only as a hash


def test_staff_type_in_paper_forms_after_the_survey_closed(client, officer, org):
    today = timezone.localdate()
    survey = make_survey(org, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1))
    codes = client.post(
        reverse("participation:survey_print", kwargs={"survey_id": survey.pk}), {"count": "3"}
    ).context["codes"]
    assert len(set(codes)) == 3
    url = reverse("participation:survey_paper", kwargs={"survey_id": survey.pk})
    assert client.post(url, {"paper_code": codes[0], "e1": "3"}).status_code == 302
    reused = client.post(url, {"paper_code": codes[0], "e1": "3"})
    assert reused.status_code == 400 and SurveyResponse.objects.count() == 1


def test_the_print_form_has_a_csp_safe_qr_code(client, officer, org):
    survey = make_survey(org)
    body = client.get(reverse("participation:survey_print", kwargs={"survey_id": survey.pk})).content.decode()
    assert '<svg class="qr"' in body and "style=" not in body and "<script" not in body.split("</head>")[1]
    assert survey_url(survey) in body


def test_no_ip_or_user_agent_is_stored(client, org):
    survey = make_survey(org)
    url = survey_url(survey)
    client.post(
        url, {"e1": "3", **paid(client, url)}, REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Tracker/9"
    )
    assert SurveyResponse.objects.count() == 1
    stored = json.dumps(list(SurveyResponse.objects.values()), default=str)
    assert "198.51.100.23" not in stored and "Tracker/9" not in stored
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {
        "id",
        "organisation",
        "survey",
        "answers",
        "channel",
        "token_hash",
        "submitted_on",
    }


def test_results_show_the_prediction_and_the_unverified_notice(client, officer, org):
    survey = make_survey(org, unit=make_unit(org, name="กองคลัง"))
    make_response(survey, {"e1": 3, "e2": 3, "e3": 0, "e4": 1})
    make_response(survey, {"e1": 2, "e2": 3, "e4": 1})
    make_response(survey, {"e1": 1, "e2": 3, "e4": 0})
    body = client.get(reverse("participation:survey", kwargs={"survey_id": survey.pk})).content.decode()
    assert "58.33" in body and "ita-chart" in body
    assert "not the NACC" in body or "ไม่ใช่ผล" in body
    by = client.get(reverse("participation:survey_results")).content.decode()
    assert "กองคลัง" in by and "ทะเบียนราษฎร" in by and "58.33" in by


def test_the_command_prints_distributions_and_predicted_indicators(org):
    survey = make_survey(org)
    make_response(survey, {"e1": 3, "e11": 2})
    make_response(survey, {"e1": 1})
    out = StringIO()
    call_command(
        "survey", "results", "--org", org.slug, "--survey", str(survey.pk), "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    e1 = next(q for q in data["questions"] if q["code"] == "e1")
    assert e1["options"] == {"น้อยที่สุดหรือไม่มีเลย": 0, "น้อย": 1, "มาก": 0, "มากที่สุด": 1}
    assert Decimal(e1["score"]) == Decimal("66.67")
    assert (
        data["predicted_indicators"] == {"6": "66.67", "7": None, "8": "66.67"} and data["prediction"] is True
    )


def test_the_command_refuses_another_organisations_survey(org):
    from prongsai.core.tests.factories import make_org

    other = make_survey(make_org())
    with pytest.raises(Exception, match="no such survey"):
        call_command("survey", "results", "--org", org.slug, "--survey", str(other.pk))


def test_a_survey_must_close_after_it_opens(client, officer, org):
    data = {
        "title": "แบบสำรวจ",
        "service": "ขออนุญาตก่อสร้าง",
        "opens_on": "2022-03-01",
        "closes_on": "2022-02-01",
    }
    response = client.post(reverse("participation:survey_new"), data)
    assert response.status_code == 200 and not Survey.objects.exists()
    assert "ขออนุญาตก่อสร้าง" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 22])
def test_survey_pages_use_bounded_queries(client, officer, org, rows, django_assert_max_num_queries):
    unit = make_unit(org)
    for n in range(rows):
        survey = make_survey(org, title=f"สำรวจ {n}", unit=unit, service=f"บริการ {n}")
        make_response(survey, {"e1": n % 4})
    with django_assert_max_num_queries(10):
        client.get(reverse("participation:surveys"))
    with django_assert_max_num_queries(10):
        client.get(reverse("participation:survey_results"))
    with django_assert_max_num_queries(12):  # staff shell, survey, organisation (public link), answers
        client.get(reverse("participation:survey", kwargs={"survey_id": survey.pk}))
