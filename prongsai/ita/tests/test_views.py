from decimal import Decimal

import pytest
from django.urls import reverse

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.ita.models import FrameworkVersion, Result
from prongsai.ita.tests.factories import SEED_SCORES, make_result, seed_scores

pytestmark = pytest.mark.django_db

SEED_PASTE = """ตัวชี้วัดของการประเมิน ITA\tประเด็นที่ต้องแก้ไข/ปรับปรุง
๑. การปฏิบัติหน้าที่ ๘๕.๕๙ คะแนน
๒. การใช้งบประมาณ ๗๙.๙๕ คะแนน
๓. การใช้อำนาจ ๘๐.๕๐ คะแนน
๔. การใช้ทรัพย์สินของราชการ ๗๗.๑๐ คะแนน
๕. การแก้ไขปัญหาการทุจริต ๘๔.๙๘ คะแนน
๖. คุณภาพการดำเนินงาน ๘๐.๓๓ คะแนน
๗. ประสิทธิภาพการสื่อสาร ๘๐.๖๓ คะแนน
๘. การปรับปรุงการทำงาน ๗๒.๕๘ คะแนน
๙. การเปิดเผยข้อมูล ๗๒.๒๑ คะแนน
๑๐. การป้องกันการทุจริต ๘๗.๕๐ คะแนน
คะแนน เทศบาลตำบลบ่อพลอย ๗๙.๕๘ คะแนน
ระดับผลการประเมิน B
"""


@pytest.fixture
def analyst(client):
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    user = make_staff(org, roles=("analyst",))
    client.force_login(user)
    return user


def form_data(scores=SEED_SCORES, **extra):
    return {**{f"indicator_{n}": s for n, s in enumerate(scores, start=1)}, **extra}


def test_entering_the_seed_result_by_form_shows_the_mismatch(client, analyst):
    response = client.post(
        reverse("ita:edit", kwargs={"year": 2564}), form_data(reported_total="79.58", reported_rating="B")
    )
    assert response.url == reverse("ita:analysis", kwargs={"year": 2564})
    result = Result.objects.get(organisation=analyst.organisation)
    assert (result.total, result.rating, result.mismatch) == (Decimal("79.78"), "B", True)
    page = client.get(response.url).content.decode()
    assert "79.78" in page and "70.58" in page and "71.21" in page


def test_thai_digits_are_accepted_in_the_form(client, analyst):
    thai = ["๘๕.๕๙", "๗๙.๙๕", "๘๐.๕๐", "๗๗.๑๐", "๘๔.๙๘", "๘๐.๓๓", "๘๐.๖๓", "๗๒.๕๘", "๗๒.๒๑", "๘๗.๕๐"]
    client.post(reverse("ita:edit", kwargs={"year": 2564}), form_data(thai))
    assert Result.objects.get().total == Decimal("79.78")


def test_a_bad_score_keeps_everything_typed_and_says_why(client, analyst):
    scores = [*SEED_SCORES[:3], "107", *SEED_SCORES[4:]]
    response = client.post(
        reverse("ita:edit", kwargs={"year": 2564}), form_data(scores, reported_total="79.58")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Result.objects.exists()
    assert 'value="107"' in page and 'value="85.59"' in page and 'value="79.58"' in page
    assert "0" in page and "100" in page


def test_a_wrong_grade_name_for_the_year_is_refused(client, analyst):
    response = client.post(reverse("ita:edit", kwargs={"year": 2566}), form_data(reported_rating="B"))
    assert response.status_code == 200 and "ผ่านดี" in response.content.decode()


def test_pasting_the_nacc_table_with_thai_digits(client, analyst):
    response = client.post(reverse("ita:paste", kwargs={"year": 2564}), {"text": SEED_PASTE})
    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.total, result.reported_total, result.reported_rating) == (
        Decimal("79.78"),
        Decimal("79.58"),
        "B",
    )
    assert result.source == "paste"


def test_a_paste_missing_an_indicator_saves_nothing_and_keeps_the_text(client, analyst):
    text = SEED_PASTE.replace("๘. การปรับปรุงการทำงาน ๗๒.๕๘ คะแนน\n", "")
    response = client.post(reverse("ita:paste", kwargs={"year": 2564}), {"text": text})
    page = response.content.decode()
    assert not Result.objects.exists()
    assert "8" in page and "การป้องกันการทุจริต ๘๗.๕๐" in page


def test_the_analysis_page_names_weak_points_and_draws_charts(client, analyst):
    make_result(analyst.organisation, 2563, {n: Decimal("75") for n in range(1, 11)})
    make_result(
        analyst.organisation, 2564, seed_scores(), reported_total=Decimal("79.58"), reported_rating="B"
    )
    page = client.get(reverse("ita:analysis", kwargs={"year": 2564})).content.decode()
    assert page.count("<svg") == 2
    assert "การใช้ทรัพย์สินของราชการ" in page and "+2.10" in page  # indicator 4: 77.10 vs 75
    assert "unverified" in page or "ยังไม่ยืนยัน" in page  # 2564's EIT questions are unverified


def test_the_analysis_page_uses_the_same_number_of_queries_with_many_peers(
    client, analyst, django_assert_num_queries
):
    make_result(analyst.organisation, 2564)
    url = reverse("ita:analysis", kwargs={"year": 2564})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    expected = len(few.captured_queries)  # read now: the next request clears the query log
    assert expected > 0
    for n in range(60):
        make_result(
            make_org(province="กาญจนบุรี" if n % 2 else "ลำปาง"),
            2564,
            {i: Decimal(60 + n * 0.5) for i in range(1, 11)},
        )
        make_result(Result.objects.last().organisation, 2563)
    client.get(url)  # the peer table is cached per year once the results change; warm it again
    with django_assert_num_queries(expected):
        page = client.get(url).content.decode()
    assert "61" in page  # the whole-country peer group counts 61 organisations


def test_the_public_analysis_is_cacheable_and_needs_no_login(client, analyst):
    make_result(analyst.organisation, 2564)
    client.logout()
    response = client.get(reverse("ita_public:analysis", kwargs={"org_slug": "bophloi", "year": 2564}))
    assert response.status_code == 200 and "max-age=300" in response["Cache-Control"]
    assert "๗๙.๗๘" in response.content.decode()  # the organisation's official Thai digits


def test_the_framework_page_shows_unverified_parts(client, analyst):
    page = client.get(reverse("ita:framework", kwargs={"year": 2567})).content.decode()
    assert "badge warn" in page


def test_an_administrator_corrects_a_framework_and_it_is_audited(client, analyst, settings):
    admin = make_staff(analyst.organisation, is_superuser=True)
    client.force_login(admin)
    url = reverse("ita:framework_edit", kwargs={"year": 2564})
    text = client.get(url).context["form"].initial["text"]
    bad = client.post(url, {"text": "year: [", "reason": "typo"})
    assert bad.status_code == 200 and "YAML" in bad.content.decode()
    corrected = text.replace("name_th: การใช้อำนาจ", "name_th: การใช้อำนาจหน้าที่", 1)
    client.post(url, {"text": corrected, "reason": "ชื่อตามคู่มือ"})
    assert FrameworkVersion.objects.get(year=2564).reason == "ชื่อตามคู่มือ"
    assert AuditEntry.objects.filter(object_type="ita.frameworkversion", action="create").exists()
    page = client.get(reverse("ita:framework", kwargs={"year": 2564})).content.decode()
    assert "การใช้อำนาจหน้าที่" in page


def test_analysts_cannot_correct_frameworks(client, analyst):
    assert client.get(reverse("ita:framework_edit", kwargs={"year": 2564})).status_code == 403


def test_export_downloads_the_organisations_results(client, analyst):
    make_result(analyst.organisation, 2564)
    response = client.get(reverse("ita:export") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "85.59" in response.content.decode("utf-8-sig")


def test_the_seed_analysis_proposes_the_seeds_measures_and_checks_the_oit_items(client, analyst):
    from prongsai.ita.demo import SEED_FAILED_ITEMS

    items = {f"o{n}": f"o{n}" not in SEED_FAILED_ITEMS for n in range(1, 34)}
    make_result(
        analyst.organisation, 2564, reported_total=Decimal("79.58"), reported_rating="B", oit_items=items
    )
    page = client.get(reverse("ita:analysis", kwargs={"year": 2564})).content.decode()
    for title in [
        "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ",
        "มาตรการการมีส่วนร่วมของภาคประชาชน",
        "การจัดซื้อจัดจ้าง",
        "การบริหารและพัฒนาทรัพยากรบุคคล",
        "ร้องเรียน",
    ]:
        assert title in page
    assert "ก.พ.๖๕-เม.ย.๖๕" in page  # the seed's period, in fiscal year 2565
    assert "71.21" in page and "72.21" in page  # the items give 71.21: the entered 72.21 looks mistyped
    assert "9.3" in page and "57.14" in page  # procurement: 4 of 7 items accepted
    assert "10.1" not in page  # indicator 10's items were not recorded: no made-up 0.00
    assert "indicator 10 = " not in page and "ตัวชี้วัดที่ 10 =" not in page  # 10's items were not recorded


def test_the_public_page_does_not_show_draft_measures(client, analyst):
    make_result(analyst.organisation, 2564)
    client.logout()
    page = client.get(
        reverse("ita_public:analysis", kwargs={"org_slug": "bophloi", "year": 2564})
    ).content.decode()
    assert "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ" not in page


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_analysis_prints_scores_as_the_template_would(language):
    from django.utils import formats, translation

    from prongsai.ita.views import _change, _shown

    with translation.override(language):
        for value in (*map(Decimal, ("75.87", "-6.67", "100.00", "0.00", "1E+1")), 7):
            assert _shown(value) == formats.localize(value)
        assert _change(Decimal("2.10")) == "+2.10" and _change(Decimal("-0.50")) == "-0.50"
        assert _change(Decimal("0.00")) == "0.00" and _change(None) == "—"


def test_each_row_and_weak_point_gets_its_own_badges(client, analyst):
    scores = {n: Decimal("90") for n in range(1, 11)} | {2: Decimal("60.5"), 4: Decimal("70")}
    make_result(analyst.organisation, 2563, {n: Decimal("80") for n in range(1, 11)})
    make_result(analyst.organisation, 2564, scores)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("ita:analysis", kwargs={"year": 2564})).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count('<span class="badge ok">pass</span>') == 8
    assert table.count('<span class="badge bad">below 85</span>') == 2
    assert table.count('<td class="num">+10.00</td>') == 8 and '<td class="num">-19.50</td>' in table
    assert "<h3>2. " in page and " — 60.50" in page and "lowest in IIT" in page
