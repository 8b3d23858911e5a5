from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.participation import demo
from prongsai.participation.models import CouncilMember, SurveyResponse

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_shows_on_the_public_pages(client, org):
    demo.load({"bophloi": org})
    demo.load({"bophloi": org})
    # The seed's five members (its term ended in 2569) and the six serving today, from the clock.
    assert CouncilMember.objects.for_org(org).filter(term_start=date(2022, 2, 1)).count() == 5
    today = timezone.localdate()
    serving = CouncilMember.objects.for_org(org).filter(term_start__lte=today, term_end__gte=today)
    assert serving.count() == 6
    index = client.get(reverse("participation_public:index", kwargs={"org_slug": org.slug})).content.decode()
    assert all(member.last_name in index for member in serving)
    assert SurveyResponse.objects.for_org(org).count() == 40
    body = client.get(
        reverse("participation_public:decisions", kwargs={"org_slug": org.slug})
    ).content.decode()
    assert "เปิดให้บริการงานทะเบียนช่วงพักเที่ยง" in body
