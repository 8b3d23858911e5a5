"""Low of finding 14: OverflowError 500s from huge integers (ids in forms and query strings, years
in API addresses). The corpus walk covers every form and page; these name the roots."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from prongsai.core.models import Unit
from prongsai.core.tests.factories import login_verified, make_org, make_staff, make_unit
from prongsai.property.tests.factories import make_item

HUGE = [10**30, -(10**30), 2**63]


@pytest.fixture
def org(db):
    return make_org("org-a")


@pytest.mark.parametrize("huge", HUGE)
def test_a_multiple_choice_field_refuses_a_huge_id_with_a_message(org, huge):
    make_unit(org)

    class Pick(forms.Form):
        units = forms.ModelMultipleChoiceField(queryset=Unit.objects.for_org(org))

    form = Pick({"units": [str(huge)]})
    assert not form.is_valid() and form.errors["units"]


@pytest.mark.parametrize("huge", HUGE)
def test_an_id_list_with_a_huge_number_finds_only_real_rows(org, huge):
    unit = make_unit(org)
    assert list(Unit.objects.filter(pk__in=[huge, unit.pk])) == [unit]
    assert list(Unit.objects.filter(organisation__in=[huge])) == []


def test_a_huge_item_in_the_loan_form_address_is_ignored(client, org):
    item = make_item(org)
    login_verified(client, make_staff(org, roles=("staff",)))
    response = client.get(reverse("property:loan_request"), {"item": [str(10**30), str(item.pk)]})
    assert response.status_code == 200


@pytest.mark.parametrize("year", [10**30, 2**63, 99999])
def test_a_huge_year_in_an_api_address_is_a_422_naming_the_range(client, org, year):
    response = client.get(f"/api/v1/organisations/org-a/export/{year}")
    assert response.status_code == 422
    assert "2700" in response.content.decode()


