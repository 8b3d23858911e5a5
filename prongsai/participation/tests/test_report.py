from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.participation.models import CommentStatus
from prongsai.participation.tests.factories import (
    make_comment,
    make_consultation,
    make_meeting,
    make_member,
    make_response,
    make_survey,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fy2565(org):
    """Activities inside fiscal year 2565 (1 Oct 2021 – 30 Sep 2022) and one just outside it."""
    make_member(org, term_start=date(2022, 2, 1), term_end=date(2024, 1, 31))
    make_meeting(org, title="ประชุมครั้งที่ ๑/๒๕๖๕", held_on=date(2022, 2, 15), resolutions="ตั้งกลุ่มสภาประชาคม",
                 minutes="บันทึก", minutes_published_at=timezone.now())  # fmt: skip
    make_meeting(org, title="ประชุมปีถัดไป", held_on=date(2022, 10, 1))
    consultation = make_consultation(org, opens_on=date(2022, 3, 1), closes_on=date(2022, 3, 31))
    make_comment(consultation, status=CommentStatus.PUBLISHED)
    make_theme(consultation, we_did="ขยายเวลาให้บริการ", changed_on=date(2022, 4, 20), measure="มาตรการที่ ๒")
    hidden = make_consultation(
        org, title="หัวข้อภายใน", is_published=False, opens_on=date(2022, 3, 1), closes_on=date(2022, 3, 2)
    )
    make_theme(hidden, title="เรื่องภายใน", we_did="แก้ภายใน", changed_on=date(2022, 3, 5))
    make_response(make_survey(org), {"e1": 3}, submitted_on=date(2022, 5, 1))
    return org


def test_the_staff_report_counts_one_fiscal_year(client, officer, fy2565):
    body = client.get(reverse("participation:report", kwargs={"year": 2565})).content.decode()
    assert "ประชุมครั้งที่ ๑/๒๕๖๕" in body and "ประชุมปีถัดไป" not in body
    assert "ขยายเวลาให้บริการ" in body and "มาตรการที่ ๒" in body
    assert "๑\xa0ตุลาคม\xa0พ.ศ.\xa0๒๕๖๔" in body  # Buddhist-era dates, Thai digits
    assert "100.00" in body  # the survey's predicted indicator 6


def test_the_public_report_leaves_out_unpublished_consultations(client, fy2565):
    url = reverse("participation_public:report", kwargs={"org_slug": fy2565.slug, "year": 2565})
    body = client.get(url).content.decode()
    assert "ขยายเวลาให้บริการ" in body
    assert "หัวข้อภายใน" not in body and "แก้ภายใน" not in body


def test_a_year_that_is_not_buddhist_era_is_a_clear_404(client, officer):
    assert client.get(reverse("participation:report", kwargs={"year": 2022})).status_code == 404
