"""Text written by the seed's municipality speaks in the words of the organisation's own type."""

from pathlib import Path

import pytest
from django.urls import reverse

from prongsai.core.models import OrganisationKind
from prongsai.core.tests.factories import make_staff
from prongsai.core.wording import localise, wording
from prongsai.documents import measures
from prongsai.plans import drafting
from prongsai.plans.tests.factories import make_seed_org

MUNICIPAL_WORDS = ("ปลัดเทศบาล", "นายกเทศมนตรี", "เทศบาล")
TEXT = "กำกับติดตามโดยผู้บังคับบัญชา และปลัดเทศบาล เสนอนายกเทศมนตรีและสภาเทศบาล ผ่านสำนักปลัดเทศบาล ของเทศบาล"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (OrganisationKind.SUBDISTRICT_MUNICIPALITY, TEXT),
        (OrganisationKind.CITY_MUNICIPALITY, TEXT),
        (
            OrganisationKind.SAO,
            "กำกับติดตามโดยผู้บังคับบัญชา และปลัด อบต. เสนอนายก อบต.และสภา อบต. ผ่านสำนักปลัด ของอบต.",
        ),
        (
            OrganisationKind.PAO,
            "กำกับติดตามโดยผู้บังคับบัญชา และปลัด อบจ. เสนอนายก อบจ.และสภา อบจ. ผ่านสำนักปลัด ของอบจ.",
        ),
    ],
)
def test_municipal_words_follow_the_organisation_type(kind, expected):
    assert localise(TEXT, kind) == expected


def test_every_type_has_its_words_and_an_unknown_type_gets_neutral_ones():
    for kind in OrganisationKind:
        words = wording(kind)
        assert all((words.body, words.chief, words.clerk, words.clerk_office, words.council))
    assert wording("no-such-kind") == wording(OrganisationKind.OTHER)
    assert not any(w in localise(TEXT, "no-such-kind") for w in MUNICIPAL_WORDS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [OrganisationKind.SAO, OrganisationKind.PAO])
def test_a_drafted_plan_and_its_memo_speak_as_the_organisation(kind):
    org, _units = make_seed_org()
    org.kind = kind
    org.save()
    words = wording(kind)
    draft = drafting.propose(org, 2565, lowest_only=True)
    texts = [t for m in draft.measures for t in (m.title, m.follow_up, m.unit_th, *m.steps)]
    assert any(words.clerk in t for t in texts)  # the library's "ปลัดเทศบาล" follow-up
    assert not any(w in t for t in texts for w in MUNICIPAL_WORDS)
    lines = measures.measure_lines(org, 2565, measures.analysis_for(org, 2565))
    memo = [t for line in lines for t in (line.title, line.follow_up, *line.steps, *line.units)]
    assert any(words.clerk in t for t in memo)
    assert not any(w in t for t in memo for w in MUNICIPAL_WORDS)


@pytest.mark.django_db
def test_the_staff_analysis_proposes_measures_in_the_organisations_words(client):
    org, _units = make_seed_org()
    org.kind = OrganisationKind.SAO
    org.save()
    client.force_login(make_staff(org, roles=("analyst",)))
    page = client.get(reverse("ita:analysis", kwargs={"year": 2564})).content.decode()
    assert "ปลัด อบต." in page and "ปลัดเทศบาล" not in page


@pytest.mark.django_db
def test_a_municipality_keeps_the_seeds_words():
    org, _units = make_seed_org()
    draft = drafting.propose(org, 2565, lowest_only=True)
    assert any("ปลัดเทศบาล" in m.follow_up for m in draft.measures)


def test_no_template_prints_municipal_words_of_its_own():
    """Templates take an organisation's words from its data or from `for_kind`, never spelled out."""
    root = Path(__file__).resolve().parents[2]
    found = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if any(w in path.read_text(encoding="utf-8") for w in MUNICIPAL_WORDS)
    ]
    assert found == []
