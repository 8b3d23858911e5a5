"""The internal staff survey (IIT): invitations, burnt tokens, the threshold, free text, the
analysis, and what the database keeps (no link between a token and its answers)."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.ita import results
from prongsai.participation import iit
from prongsai.participation.models import (
    StaffInvitation,
    StaffResponse,
    StaffSurveyPolicy,
    StaffToken,
)
from prongsai.participation.tests.iit_helpers import (
    CODE,
    answer_url,
    answers_for,
    make_staff_survey,
    make_team,
)

pytestmark = pytest.mark.django_db


def detail(survey):
    return reverse("participation:staff_survey", kwargs={"staff_survey_id": survey.pk})


def invite(client, survey, action="email", **extra):
    url = reverse("participation:staff_survey_invite", kwargs={"staff_survey_id": survey.pk})
    return client.post(url, {"action": action, **extra})


def emailed_codes(survey, client, officer, capture) -> list[str]:
    with capture(execute=True):
        response = invite(client, survey)
    assert response.status_code == 302
    return [CODE.search(m.body).group(1) for m in mail.outbox]


def test_each_person_with_an_address_gets_one_code_by_email_and_nobody_twice(
    client, org, officer, django_capture_on_commit_callbacks
):
    survey = make_staff_survey(org)
    make_team(org, with_email=6, without_email=2)
    codes = emailed_codes(survey, client, officer, django_capture_on_commit_callbacks)
    assert len(codes) == len(set(codes)) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"staff{n}@example.org" for n in range(6))
    assert all(iit.answer_url(survey) in m.body for m in mail.outbox)
    assert StaffToken.objects.for_org(org).filter(survey=survey).count() == 6
    assert StaffInvitation.objects.for_org(org).filter(survey=survey, sent=True).count() == 6
    # No code is stored as such, only its hash; the invitation row names the person, not the code.
    stored = set(StaffToken.objects.values_list("token_hash", flat=True))
    assert not stored & set(codes) and stored == {iit.token_hash(survey, c) for c in codes}
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, survey)
    assert len(mail.outbox) == 6  # a second click invites nobody again


def test_slips_give_a_qr_code_and_a_code_to_those_without_an_address(client, org, officer):
    survey = make_staff_survey(org)
    make_team(org, with_email=1, without_email=3)  # and the officer, who has a login but no address
    page = invite(client, survey, action="slips", who="without")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="qr"') == 4
    assert len(re.findall(r'class="slip-code">([A-Z0-9 ]+)<', html)) == 4
    assert StaffInvitation.objects.filter(survey=survey, channel="slip").count() == 4
    assert [p.email for p in iit.not_invited(survey)] == ["staff0@example.org"]
    code = re.findall(r'class="slip-code">([A-Z0-9 ]+)<', html)[0]
    assert iit.token_state(survey, code) == "open"  # typed with its spaces, as printed


def test_an_answer_burns_the_code_and_a_reused_or_unknown_code_is_refused(client, org, officer):
    survey = make_staff_survey(org)
    make_team(org, with_email=0, without_email=1)  # and the officer
    (code, _other) = [c.replace(" ", "") for c in re.findall(
        r'class="slip-code">([A-Z0-9 ]+)<', invite(client, survey, action="slips", who="all").content.decode()
    )]  # fmt: skip
    client.logout()  # the answer page needs no login; logging out also drops the language cookie
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = answer_url(survey)
    assert client.get(f"{url}?t={code}").status_code == 200
    done = client.post(url, {"t": code, **answers_for(survey.ita_year, 1)})
    assert done.status_code == 200 and "Your answers are recorded" in done.content.decode()
    again = client.post(url, {"t": code, **answers_for(survey.ita_year, 2)})
    assert again.status_code == 409
    assert "already been used" in again.content.decode()
    assert client.get(f"{url}?t={code}").status_code == 409
    unknown = client.post(url, {"t": "ABCDEFGHJKLM", **answers_for(survey.ita_year, 3)})
    assert unknown.status_code == 403 and "not valid for this survey" in unknown.content.decode()
    empty = client.post(url, {"t": _other})
    assert empty.status_code == 400 and iit.token_state(survey, _other) == "open"  # nothing answered: kept
    assert StaffResponse.objects.for_org(org).count() == 1


def test_the_prediction_is_shown_only_from_the_threshold(client, org, officer):
    survey = make_staff_survey(org)
    make_team(org, with_email=0, without_email=5)  # and the officer
    html = invite(client, survey, action="slips", who="all").content.decode()
    codes = [c.replace(" ", "") for c in re.findall(r'class="slip-code">([A-Z0-9 ]+)<', html)]
    for n, code in enumerate(codes[:4]):
        iit.submit(survey, code, answers_for(survey.ita_year, n))
    page = client.get(detail(survey)).content.decode()
    assert 'id="iit-waiting"' in page and 'id="iit-tool"' not in page
    assert iit.survey_prediction(survey).indicators == {}
    iit.submit(survey, codes[4], answers_for(survey.ita_year, 4))
    page = client.get(detail(survey)).content.decode()
    assert 'id="iit-tool"' in page and 'id="iit-waiting"' not in page
    assert set(iit.survey_prediction(survey).indicators) == {1, 2, 3, 4, 5}
    # The organisation may ask for more answers, never fewer than five.
    policy = reverse("participation:staff_survey_policy")
    assert client.post(policy, {"min_respondents": "4"}).status_code == 400
    assert client.post(policy, {"min_respondents": "6"}).status_code == 302
    assert StaffSurveyPolicy.objects.for_org(org).get().min_respondents == 6
    assert 'id="iit-waiting"' in client.get(detail(survey)).content.decode()


def _answered_survey(org, count=6, units=()):
    survey = make_staff_survey(org)
    tokens = iit._draw(survey, count)
    for n, token in enumerate(tokens):
        unit = units[n] if n < len(units) else None
        iit.submit(survey, token, answers_for(survey.ita_year, n), comment=f"ข้อเสนอ {n}", unit=unit)
    return survey, tokens


def test_the_database_holds_no_link_between_a_code_and_its_answers(org):
    survey, tokens = _answered_survey(org, count=6)
    hashes = {iit.token_hash(survey, t) for t in tokens}
    assert (
        set(StaffToken.objects.filter(survey=survey, used=True).values_list("token_hash", flat=True))
        == hashes
    )
    # The models: no reference from one to the other, nothing finer than a day.
    for model in (StaffToken, StaffResponse):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateTimeField | models.TimeField), field
            related = getattr(field, "related_model", None)
            assert related not in (StaffToken, StaffResponse) or related is model, field
    # The tables as the database has them: the response table has no token column, and no row of
    # it holds a code or a hash of one.
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, StaffResponse._meta.db_table)
        }
        token_columns = {
            c.name for c in connection.introspection.get_table_description(cursor, StaffToken._meta.db_table)
        }
        cursor.execute(f"SELECT * FROM {StaffResponse._meta.db_table}")
        rows = json.dumps(cursor.fetchall(), default=str)
    assert columns == {"id", "organisation_id", "survey_id", "answers", "comment", "unit_id", "submitted_on"}
    assert token_columns == {"id", "organisation_id", "survey_id", "token_hash", "used"}
    assert not any(h in rows or t in rows for h, t in zip(sorted(hashes), tokens, strict=False))
    # Neither is in the audit log, whose times and actors would join them again; the issue is.
    labels = {StaffToken._meta.label_lower, StaffResponse._meta.label_lower}
    assert not AuditEntry.objects.filter(object_type__in=labels).exists()
    issued = AuditEntry.objects.get(action="participation.iit_tokens_issued")
    assert issued.changes == {"count": 6} and not any(t in json.dumps(issued.snapshot) for t in tokens)


def test_free_text_goes_to_the_analyst_with_the_unit_only_where_five_of_it_answered(client, org):
    office, works = make_unit(org, "สำนักปลัด"), make_unit(org, "กองช่าง")
    survey, _ = _answered_survey(org, count=7, units=[office] * 5 + [works])
    url = reverse("participation:staff_survey_analysis", kwargs={"staff_survey_id": survey.pk})
    client.force_login(make_staff(org, roles=("analyst",)))
    html = client.get(url).content.decode()
    assert all(f"ข้อเสนอ {n}" in html for n in range(7))
    remarks = {r.text: r.unit for r in iit.remarks(survey)}
    assert remarks["ข้อเสนอ 0"] == "สำนักปลัด"  # five of the unit answered
    assert remarks["ข้อเสนอ 5"] == "" and "กองช่าง" not in html  # one of the unit: no unit
    client.force_login(make_staff(org, roles=("participation_officer", "org_admin", "clerk")))
    html = client.get(url).content.decode()
    assert "ข้อเสนอ 0" not in html and "Suggestions (analyst only)" not in html


def test_no_free_text_is_shown_below_the_threshold(org):
    survey, _ = _answered_survey(org, count=4)
    assert iit.remarks(survey) == []


def test_the_analysis_sets_the_prediction_beside_last_years_published_iit(client, org):
    survey, _ = _answered_survey(org, count=5)
    last = survey.ita_year - 1
    scores = dict(
        zip(
            range(1, 11),
            map(
                Decimal,
                ["92.40", "88.15", "90.30", "83.70", "89.05", "86.20", "84.55", "78.90", "81.25", "90.00"],
            ),
            strict=True,
        )
    )
    results.save_result(org, last, scores)
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.get(
        reverse("participation:staff_survey_analysis", kwargs={"staff_survey_id": survey.pk})
    )
    assert response.status_code == 200
    html = response.content.decode()
    compare = html[html.index('id="iit-compare"') : html.index("</table>", html.index('id="iit-compare"'))]
    assert "83.70" in compare and f"Published {last}" in compare
    prediction = iit.survey_prediction(survey)
    assert all(str(v) in compare for v in prediction.indicators.values())
    from prongsai.participation import iit_analysis

    analysis = iit_analysis.analyse(survey)
    weak = analysis.weak_questions
    assert weak and all(w.score < 85 for w in weak) and weak == sorted(weak, key=lambda w: w.score)
    assert all(w.code in html for w in weak)
    # The recommendations library proposes measures for the weak IIT indicators, as for a result.
    assert analysis.measures and analysis.paragraphs
    assert {p.indicator for p, _ in analysis.paragraphs} <= {1, 2, 3, 4, 5}
    assert analysis.measures[0].title_th in html


def test_survey_predict_command_gives_json(org):
    survey, _ = _answered_survey(org, count=5)
    out = StringIO()
    call_command("survey", "predict", "--org", org.slug, "--year", str(survey.ita_year), "--tool", "iit",
                 "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["tool"] == "iit" and data["responses"] == 5 and data["shown"] is True
    expected = iit.survey_prediction(survey)
    assert data["predicted_indicators"] == {str(k): str(v) for k, v in expected.indicators.items()}
    assert Decimal(data["iit_score"]) == expected.tool_score
    assert data["threshold"] == 5 and data["questions_year"] is not None
    StaffResponse.objects.filter(pk=StaffResponse.objects.first().pk).delete()
    out = StringIO()
    call_command("survey", "predict", "--org", org.slug, "--year", str(survey.ita_year), "--format", "json",
                 stdout=out)  # fmt: skip
    hidden = json.loads(out.getvalue())
    assert hidden["shown"] is False and hidden["predicted_indicators"] is None and hidden["responses"] == 4


def test_staff_pages_need_their_roles(client, org):
    survey, _ = _answered_survey(org, count=5)
    client.force_login(make_staff(org, roles=("staff",)))
    assert client.get(detail(survey)).status_code == 200  # any member sees the aggregate
    assert client.get(reverse("participation:staff_survey_new")).status_code == 403
    assert (
        client.get(
            reverse("participation:staff_survey_invite", kwargs={"staff_survey_id": survey.pk})
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("participation:staff_survey_policy"), {"min_respondents": "9"}).status_code == 403
    )
    client.logout()
    assert client.get(detail(survey)).status_code == 302  # to the login page


def test_another_organisations_survey_is_not_found(client, org, officer):
    other = make_org("other")
    survey = make_staff_survey(other)
    for name in ("staff_survey", "staff_survey_edit", "staff_survey_invite", "staff_survey_analysis"):
        assert (
            client.get(reverse(f"participation:{name}", kwargs={"staff_survey_id": survey.pk})).status_code
            == 404
        )
    wrong_org = reverse(
        "participation_public:staff_survey", kwargs={"org_slug": org.slug, "staff_survey_id": survey.pk}
    )
    assert client.get(wrong_org).status_code == 404


def test_the_demo_has_this_years_staff_survey_and_the_command_predicts_it(org):
    from django.utils import timezone

    from prongsai.participation import demo
    from prongsai.thai.fiscal import fiscal_year_of

    make_team(org, with_email=3, without_email=3)
    demo.load({"bophloi": org})
    demo.load({"bophloi": org})
    year = fiscal_year_of(timezone.localdate())
    assert StaffResponse.objects.for_org(org).filter(survey__ita_year=year).count() == demo.STAFF_ANSWERS
    assert iit.not_invited(org_survey := StaffResponse.objects.for_org(org).first().survey).count() == 2
    assert StaffToken.objects.filter(survey=org_survey, used=True).count() == demo.STAFF_ANSWERS
    out = StringIO()
    call_command("survey", "predict", "--org", "bophloi", "--year", str(year), "--tool", "iit",
                 "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["shown"] and data["responses"] == demo.STAFF_ANSWERS
    scores = {k: Decimal(v) for k, v in data["predicted_indicators"].items()}
    assert set(scores) == {"1", "2", "3", "4", "5"} and all(50 < v <= 100 for v in scores.values())
    assert 70 < Decimal(data["iit_score"]) < 95  # a municipality in the high 80s last year
    assert data["weak_questions"]  # the demo's weak spots show


def _queries(client, url) -> int:
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_invitation_pages_do_not_query_per_row(client, org, officer):
    survey = make_staff_survey(org)
    make_team(org, with_email=2, without_email=0)
    iit.issue_slips(survey, iit.not_invited(survey))
    pages = [
        reverse("participation:staff_surveys"),
        reverse("participation:staff_survey_invite", kwargs={"staff_survey_id": survey.pk}),
    ]
    few = [_queries(client, url) for url in pages]
    for n in range(20):
        make_staff_survey(org, title=f"แบบวัด {n}")
    make_team(org, with_email=20, without_email=0)
    iit.issue_slips(survey, list(iit.not_invited(survey))[:10])
    assert [_queries(client, url) for url in pages] == few
