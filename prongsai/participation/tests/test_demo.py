import pytest
from django.urls import reverse

from prongsai.participation import demo
from prongsai.participation.models import CouncilMember, SurveyResponse

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_shows_on_the_public_pages(client, org):
    demo.load({"bophloi": org})
    demo.load({"bophloi": org})
    assert CouncilMember.objects.for_org(org).count() == 5
    assert SurveyResponse.objects.for_org(org).count() == 40
    body = client.get(
        reverse("participation_public:decisions", kwargs={"org_slug": org.slug})
    ).content.decode()
    assert "เปิดให้บริการงานทะเบียนช่วงพักเที่ยง" in body
