"""The analysis pages read the organisation's results once; the library in force comes from the cache."""

import pytest
from django.urls import reverse

from prongsai.core.tests.factories import make_org
from prongsai.ita import recommendations, results
from prongsai.ita.models import DataOverride
from prongsai.ita.tests.factories import make_result

pytestmark = pytest.mark.django_db


def test_the_public_analysis_asks_for_the_organisation_with_its_results_only(
    client, django_assert_num_queries
):
    org = make_org()
    for year in (2563, 2564, 2565):
        make_result(org, year)
    url = reverse("ita_public:analysis", kwargs={"org_slug": org.slug, "year": 2564})
    client.get(url)  # the peer table and the library in force are kept after the first page
    with django_assert_num_queries(1):  # the results with their organisation
        page = client.get(url).content.decode()
    bars = page.split("<svg")[2].split("</svg>")[0]  # the totals by year, up to the page's year
    assert "๒๕๖๓" in bars and "๒๕๖๔" in bars and "๒๕๖๕" not in bars
    assert client.get(url.replace("2564", "2566")).status_code == 404  # no result that year
    assert client.get(url.replace(org.slug, "no-such-org")).status_code == 404
    other = make_org()  # an organisation without results
    assert client.get(url.replace(org.slug, other.slug)).status_code == 404


def test_a_removed_correction_of_the_library_is_forgotten_at_once():
    shipped = results.library()
    text = recommendations.LIBRARY_PATH.read_text(encoding="utf-8")
    override = DataOverride.objects.create(name=results.LIBRARY_NAME, text=text + "\n", reason="test")
    assert results.library() is not shipped
    override.delete()
    assert results.library() is shipped
