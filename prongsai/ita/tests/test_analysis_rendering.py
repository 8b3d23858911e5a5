"""The analysis page after its speed-ups: the same weak points, questions and measures, never stale.

The page keeps a weak point's questions and a measure's row rendered once per content and language
(views._fragment), the charts keep their grid and labels, and the measures' targets are computed
once per library and framework. These tests pin what a reader sees against the plain computation.
"""

from dataclasses import replace
from decimal import Decimal
from html import escape

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core import wording
from prongsai.core.models import OrganisationKind
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.ita import charts, recommendations, results
from prongsai.ita.models import DataOverride
from prongsai.ita.tests.factories import make_result, seed_scores

pytestmark = pytest.mark.django_db


def staff_page(client, org, year=2564) -> str:
    client.force_login(make_staff(org, roles=("analyst",)))
    response = client.get(reverse("ita:analysis", kwargs={"year": year}))
    assert response.status_code == 200
    return response.content.decode()


def public_page(client, org, year=2564) -> str:
    response = client.get(reverse("ita_public:analysis", kwargs={"org_slug": org.slug, "year": year}))
    assert response.status_code == 200
    return response.content.decode()


def main(page: str) -> str:
    return page.split('<main id="content">')[1].split("</main>")[0]


def test_the_page_shows_every_weak_point_question_and_proposed_measure(client):
    org = make_org(kind=OrganisationKind.SAO)
    result = make_result(org, 2564, seed_scores())
    found = results.analyse(result)
    assert found.weak_points and found.measures
    page = staff_page(client, org)
    for point in found.weak_points:
        assert f"{point.indicator}. {escape(point.name_th)} — {point.score}" in page
        for issue in point.issues:
            assert escape(issue.text_th) in page
    for measure in found.measures:
        localised = [wording.localise(text, org.kind) for text in (measure.title_th, *measure.steps_th)]
        assert all(f"{escape(text)}" in page for text in localised)
        assert measure.period_th(2565) in page


def test_two_types_of_organisation_each_get_their_own_words_in_the_measures(client):
    municipality = make_org(kind=OrganisationKind.SUBDISTRICT_MUNICIPALITY)
    sao = make_org(kind=OrganisationKind.SAO)
    for org in (municipality, sao):
        make_result(org, 2564, seed_scores())
    first, second = staff_page(client, municipality), staff_page(client, sao)
    assert "ปลัดเทศบาล" in first and "ปลัด อบต." not in first
    assert "ปลัด อบต." in second and "ปลัดเทศบาล" not in second
    assert main(staff_page(client, municipality)) == main(first)  # from the kept fragments: the same


def test_the_questions_follow_the_language_and_the_public_page_hides_unverified_badges(client, settings):
    org = make_org()
    make_result(org, 2564, seed_scores())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = staff_page(client, org)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    thai = staff_page(client, org)
    assert "What the assessment asked" in english and "What the assessment asked" not in thai
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    public = public_page(client, org)
    assert english.count("<details>") == public.count("<details>") > 0
    assert "unverified" in english.split("Issues to fix")[1]  # 2564's EIT questions are unverified
    assert 'badge warn">unverified' not in public.split("Issues to fix")[1].split("Among peers")[0]


def test_a_corrected_library_shows_on_the_next_page(client):
    org = make_org()
    make_result(org, 2564, seed_scores())
    before = staff_page(client, org)
    old = "กำกับติดตามโดยผู้บังคับบัญชา และปลัดเทศบาล"
    assert old in before
    text = recommendations.LIBRARY_PATH.read_text(encoding="utf-8").replace(old, "ติดตามผลทุกไตรมาส")
    DataOverride.objects.create(name=results.LIBRARY_NAME, text=text, reason="test")
    after = staff_page(client, org)
    assert "ติดตามผลทุกไตรมาส" in after and old not in after


def test_kept_targets_match_each_measure_and_a_changed_framework_gets_its_own():
    library, framework = results.library(), results.framework_for(2566)
    kept = recommendations.library_targets(library, framework)
    assert kept == {m.code: recommendations.measure_targets(m, framework) for m in library.measures}
    assert recommendations.library_targets(library, framework) is kept
    fewer = replace(framework, oit_items=framework.oit_items[:1])
    other = recommendations.library_targets(library, fewer)
    assert other == {m.code: recommendations.measure_targets(m, fewer) for m in library.measures}
    assert other != kept


def _clear_chart_caches() -> None:
    for name in ("_attribute", "_wrapped", "_radar_grid", "_radar_legend", "_pass_ring", "_axis_label_frame",
                 "_bar_axis", "_pass_line"):  # fmt: skip
        getattr(charts, name).cache_clear()


@pytest.mark.parametrize("size, pass_mark", [(420, 85), (300, None), (420, Decimal("90.5"))])
def test_kept_chart_parts_draw_the_same_chart_as_a_fresh_start(size, pass_mark):
    labels = [f"ตัวชี้วัดที่ {n} การใช้ทรัพย์สินของราชการ" for n in range(1, 11)]
    drawings = []
    for values in ([Decimal("77.10")] * 10, [Decimal(n * 11) for n in range(10)]):
        radar = charts.radar_chart(labels, values, size=size, pass_mark=pass_mark, title="t")
        bars = charts.bar_chart(["2564", "2565"], [values[0], None], pass_mark=pass_mark)
        drawings.append((radar, bars))
    _clear_chart_caches()
    series = ([Decimal("77.10")] * 10, [Decimal(n * 11) for n in range(10)])
    for values, drawn in zip(series, drawings, strict=True):
        radar = charts.radar_chart(labels, values, size=size, pass_mark=pass_mark, title="t")
        assert (radar, charts.bar_chart(["2564", "2565"], [values[0], None], pass_mark=pass_mark)) == drawn
    assert drawings[0][0] != drawings[1][0]


def test_the_public_page_costs_the_same_queries_with_every_indicator_weak_or_none(client):
    from django.db import connection

    weak, strong = make_org(), make_org()
    make_result(weak, 2563, {n: Decimal("60") for n in range(1, 11)})
    make_result(weak, 2564, {n: Decimal("61") for n in range(1, 11)})
    make_result(strong, 2564, {n: Decimal("99") for n in range(1, 11)})
    public_page(client, strong)
    counts = []
    for org in (strong, weak):
        with CaptureQueriesContext(connection) as queries:
            public_page(client, org)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6
