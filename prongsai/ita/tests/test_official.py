"""Public ITA pages headline the figures as the NACC published them; the check's workings stay with staff."""

from decimal import Decimal

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.ita import official, results
from prongsai.ita.tests.factories import make_result, seed_scores

pytestmark = pytest.mark.django_db

STAFF_ONLY = ("weights:", "unverified", "ยังไม่ยืนยัน", "typo in the total", "computed vs", "reported total")


@pytest.fixture
def seed(db):
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    make_result(org, 2564, reported_total=Decimal("79.58"), reported_rating="B")
    make_result(org, 2565, scores={n: s + Decimal(2) for n, s in seed_scores().items()},
                reported_total=Decimal("81.58"), reported_rating="B")  # fmt: skip
    return org


def _public(client, year=None):
    if year is None:
        url = reverse("ita_public:results", kwargs={"org_slug": "bophloi"})
    else:
        url = reverse("ita_public:analysis", kwargs={"org_slug": "bophloi", "year": year})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_analysis_headlines_the_published_total_with_a_short_thai_note(client, seed):
    page = _public(client, 2564)
    assert "๗๙.๕๘" in page and page.count("๗๙.๗๘") == 1  # the computed total only in the note
    assert "คะแนนรวมที่คำนวณจากตัวชี้วัดคือ ๗๙.๗๘ ต่างจากที่ประกาศ ๐.๒๐" in page
    assert "ให้ถือตามที่ประกาศ" in page  # with its likely reason
    assert "คะแนนรวมตามที่ ป.ป.ช. ประกาศ" in page


def test_the_public_list_shows_published_figures(client, seed):
    page = _public(client)
    assert "๗๙.๕๘" in page and "๗๙.๗๘" not in page  # a public page prints Thai digits


@pytest.mark.parametrize("year", [2564, 2565])
def test_internal_notes_and_unverified_flags_never_reach_a_citizen(client, seed, year):
    page = _public(client, year)
    for text in STAFF_ONLY:
        assert text not in page, text


def test_unverified_weights_are_named_as_the_likely_reason_in_thai(client, seed):
    assert "weights" in results.framework_for(2565).unverified_parts
    page = _public(client, 2565)
    assert "๘๑.๕๘" in page
    assert "อาจเป็นเพราะน้ำหนักหรือเกณฑ์ของปี ๒๕๖๕ ที่ใช้คำนวณยังไม่ได้ยืนยันจากเอกสารของ ป.ป.ช." in page


def test_staff_see_the_full_check_with_its_explanations(client, seed):
    client.force_login(make_staff(seed, roles=("analyst",)))
    page = client.get(reverse("ita:analysis", kwargs={"year": 2564})).content.decode()
    assert "79.58" in page and "79.78" in page  # the published headline and the computed total
    assert "typo in the total" in page


def test_a_result_without_published_figures_says_it_is_computed(client, db):
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")
    make_result(org, 2564)
    page = _public(client, 2564)
    assert "๗๙.๗๘" in page and "คำนวณจากคะแนนรายตัวชี้วัด" in page
    assert "ต่างจากที่ประกาศ" not in page


def test_rounding_is_named_for_a_gap_rounding_can_make(db):
    org = make_org("bophloi")
    result, checked = results.save_result(org, 2564, seed_scores(), reported_total=Decimal("79.81"))
    found = official.headline(result, checked, results.framework_for(2564))
    assert found.total == Decimal("79.81") and found.official
    assert found.notes_th == (
        "คะแนนรวมที่คำนวณจากตัวชี้วัดคือ ๗๙.๗๘ ต่างจากที่ประกาศ ๐.๐๓ อาจเกิดจากการปัดเศษคะแนนรายตัวชี้วัด ให้ถือตามที่ประกาศ",
    )


def test_a_published_rating_that_differs_is_noted(db):
    org = make_org("bophloi")
    result, checked = results.save_result(
        org, 2564, seed_scores(), reported_total=Decimal("79.78"), reported_rating="A"
    )
    found = official.headline(result, checked, results.framework_for(2564))
    assert found.rating == "A"
    assert len(found.notes_th) == 1 and "ผลที่คำนวณจากคะแนนรวมคือ B ต่างจากที่ประกาศ (A)" in found.notes_th[0]
