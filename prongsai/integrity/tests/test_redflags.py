import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from prongsai.core.tests.factories import make_org, make_person, make_staff
from prongsai.integrity import redflags
from prongsai.integrity.declarations import RelationData, declare
from prongsai.integrity.models import RedFlagSummary
from prongsai.integrity.tests.redflag_data import (
    LOSING_FIRM,
    LOSING_FIRM_ID,
    RELATED_FIRM_ID,
    import_planted,
)
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return fiscal_year_of(timezone.localdate())


def plant(org, year):
    ids = import_planted(org, year)
    clerk = make_staff(org, roles=("clerk",))
    member, other = make_person(org, "สมปอง", "ตรงดี"), make_person(org, "สมใจ", "รักงาน")
    firm = RelationData("firm", "หจก. ทรัพย์เจริญ", RELATED_FIRM_ID, "คู่สมรสเป็นหุ้นส่วนผู้จัดการ")
    loser = RelationData("firm", LOSING_FIRM, LOSING_FIRM_ID, "พี่ชายเป็นกรรมการบริษัท")
    line = _line(ids["related"])
    declare(member, "procurement", year, [firm], clerk, line=line, committee_role="ประธานกรรมการ")
    declare(other, "procurement", year, [loser], clerk, line=line, committee_role="กรรมการ")
    return ids


def _line(pk):
    from prongsai.disclosure.models import ProcurementLine

    return ProcurementLine.objects.get(pk=pk)


def test_the_planted_cases_and_only_them_are_found(year):
    org = make_org()
    ids = plant(org, year)
    found = redflags.for_organisation(org, year, with_rows=True)
    assert found.rows["split_purchase"] == sorted([ids["split_a"], ids["split_b"]])
    assert found.rows["single_bidder"] == [ids["single_bidder"]]
    assert found.rows["price_equals_budget"] == [ids["equal_price"]]
    assert found.rows["declared_relation"] == [ids["related"]]
    counts = (found.split_purchases, found.single_bidder, found.price_equals_budget, found.declared_relations)
    assert counts == (2, 1, 1, 1)
    assert found.lines == 10 and found.competitive == 3
    planted = {"single_bidder", "split_purchase", "price_equals_budget", "declared_relation"}
    assert set(found.flagged) == planted | {"top_supplier"}  # the big contractor's share: next test


def test_the_top_supplier_share_is_the_largest_suppliers_value(year):
    org = make_org()
    import_planted(org, year)
    found = redflags.for_organisation(org, year, with_rows=True)
    # บริษัท ก่อสร้างไทย won 1,950,000 + 1,410,000 of 4,380,500 in all
    total = 95000 + 98000 + 89000 + 91000 + 1950000 + 1410000 + 7500 + 300000 + 60000 + 100000
    assert found.top_supplier == "บริษัทก่อสร้างไทยจำกัด"
    assert found.top_supplier_share == pytest.approx((1950000 + 1410000) / total)
    assert len(found.rows["top_supplier"]) == 2
    assert "top_supplier" in found.flagged


def test_a_relation_in_the_annual_declaration_counts_by_its_tax_id(year):
    org = make_org()
    ids = import_planted(org, year)
    clerk = make_staff(org, roles=("clerk",))
    member = make_person(org, "วิชัย", "ซื่อตรง")
    # The winner's text of line "three_bidders" carries no id, so only a name match can find it;
    # the annual declaration names the firm by another spelling with its id, and the line names the id.
    from prongsai.disclosure.models import ProcurementLine

    ProcurementLine.objects.filter(pk=ids["three_bidders"]).update(
        winner=f"บจก.ก่อสร้างไทย (เลขประจำตัวผู้เสียภาษี {RELATED_FIRM_ID})"
    )
    declare(member, "annual", year, [RelationData("firm", "ก่อสร้างไทย", RELATED_FIRM_ID, "บุตรเป็นผู้ถือหุ้น")],
            clerk)  # fmt: skip
    line = _line(ids["three_bidders"])
    declare(member, "procurement", year, [], clerk, line=line, committee_role="กรรมการ")
    found = redflags.for_organisation(org, year, with_rows=True)
    assert found.rows["declared_relation"] == [ids["three_bidders"]]
    # the same person's relation does not flag a line whose committee they did not sit on
    assert ids["single_bidder"] not in found.rows["declared_relation"]


def test_organisations_are_computed_apart_and_stored_for_the_national_comparison(year):
    first, second = make_org(), make_org()
    plant(first, year)
    import_planted(second, year)
    everyone = redflags.compute(year)
    assert everyone[first.pk].declared_relations == 1
    assert everyone[second.pk].declared_relations == 0
    assert everyone[second.pk].split_purchases == 2
    assert redflags.store(year) == 2
    assert RedFlagSummary.objects.filter(fiscal_year=year).count() == 2
    assert redflags.national(year) is None  # fewer than MIN_COMPARED organisations
    for _n in range(redflags.MIN_COMPARED - 2):
        import_planted(make_org(), year)
    redflags.store(year)
    comparison = redflags.national(year)
    assert comparison.organisations == redflags.MIN_COMPARED
    assert comparison.with_flag["split_purchase"] == redflags.MIN_COMPARED
    assert comparison.with_flag["declared_relation"] == 1


def test_the_command_prints_json_for_one_organisation_and_for_all(year, capsys):
    org = make_org(slug="redflag-town")
    plant(org, year)
    call_command("integrity", "redflags", "--year", str(year), "--org", "redflag-town", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["organisations"][0]["slug"] == "redflag-town"
    indicators = data["organisations"][0]["indicators"]
    assert indicators["single_bidder"] == 1 and indicators["split_purchases"] == 2
    assert "top_supplier" not in indicators  # counts only: no supplier names leave this way
    call_command("integrity", "redflags", "--year", str(year), "--format", "json")
    assert json.loads(capsys.readouterr().out)["stored"] == 1


def test_an_unknown_organisation_is_a_clear_error(year):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no-such"):
        call_command("integrity", "redflags", "--year", str(year), "--org", "no-such")


def test_staff_see_the_rows_and_the_public_the_indicators_only(client, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    org = make_org(slug="flags-town")
    ids = plant(org, year)
    client.force_login(make_staff(org, roles=("staff",)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("integrity:redflags") + f"?year={year}")
    page = response.content.decode()
    assert response.status_code == 200
    for code, key in (("split_purchase", "split_a"), ("split_purchase", "split_b"),
                      ("single_bidder", "single_bidder"), ("price_equals_budget", "equal_price"),
                      ("declared_relation", "related")):  # fmt: skip
        assert f'id="flag-{code}-line-{ids[key]}"' in page
    assert f'id="flag-declared_relation-line-{ids["related_elsewhere"]}"' not in page
    assert "never a finding of wrongdoing" in page and "Open Contracting Partnership" in page
    assert len(queries) <= 25
    client.logout()
    public = client.get(reverse("integrity_public:redflags", kwargs={"org_slug": org.slug, "year": year}))
    text = public.content.decode()
    assert public.status_code == 200
    assert "ผู้เสนอราคารายเดียว" in text and "ควรตรวจดู" in text  # Thai first for the public
    assert "วัสดุก่อสร้างรุ่งเรือง" not in text and "ก่อสร้างไทย" not in text  # no supplier, no row
    assert "flag-split_purchase-line-" not in text
    too_early = reverse("integrity_public:redflags", kwargs={"org_slug": org.slug, "year": 2400})
    assert client.get(too_early).status_code == 404


def test_recomputing_the_national_table_is_for_the_analyst_or_the_clerk(client, year):
    from django.urls import reverse

    org = make_org()
    import_planted(org, year)
    client.force_login(make_staff(org, roles=("staff",)))
    assert client.post(reverse("integrity:redflags"), {"year": year}).status_code == 403
    assert not RedFlagSummary.objects.exists()
    client.force_login(make_staff(org, roles=("analyst",)))
    assert client.post(reverse("integrity:redflags"), {"year": year}).status_code == 302
    kept = RedFlagSummary.objects.get()  # the task ran (immediate backend in tests)
    assert (kept.organisation, kept.fiscal_year, kept.split_purchases) == (org, year, 2)
    # a second click within minutes computes nothing again (one run covers the whole server)
    response = client.post(reverse("integrity:redflags"), {"year": year}, follow=True)
    assert "computed a few minutes ago" in response.content.decode()
    assert RedFlagSummary.objects.get().computed_at == kept.computed_at


def test_the_demo_has_declarations_gifts_and_finds_its_planted_flags(capsys):
    from prongsai.core.demo import load_demo
    from prongsai.core.models import Organisation, Person
    from prongsai.integrity.declarations_demo import demo_year
    from prongsai.integrity.models import Declaration, EthicsAcknowledgement, Gift

    load_demo()
    load_demo()  # idempotent
    org = Organisation.objects.get(slug="bophloi")
    year = demo_year(timezone.localdate())
    people = Person.objects.for_org(org).filter(is_active=True).count()
    annual = Declaration.objects.for_org(org).filter(fiscal_year=year, kind="annual")
    assert annual.count() == people - 2 and annual.filter(has_relations=True).count() == 3
    assert Declaration.objects.for_org(org).filter(fiscal_year=year, kind="procurement").count() == 6
    over = Gift.objects.for_org(org).get(value__gt=3000)
    assert over.report is not None and over.report.steps.count() >= 2
    assert EthicsAcknowledgement.objects.for_org(org).filter(fiscal_year=year).count() == people - 3
    call_command("integrity", "redflags", "--year", str(year), "--org", "bophloi", "--format", "json")
    indicators = json.loads(capsys.readouterr().out)["organisations"][0]["indicators"]
    found = (indicators["split_purchases"], indicators["single_bidder"], indicators["price_equals_budget"],
             indicators["declared_relations"])  # fmt: skip
    assert found == (2, 1, 1, 1)
    assert RedFlagSummary.objects.filter(organisation=org, fiscal_year=year).exists()


@pytest.mark.parametrize(
    ("days", "amounts", "flagged"),
    [
        ((0, 30), (60000, 60000), (0, 1)),  # the 30th day is inside the window
        ((0, 31), (60000, 60000), ()),  # the 31st is not
        ((0, 25, 50), (60000, 60000, 60000), (0, 1, 2)),  # windows chain: each opens the next
        ((0, 10), (60000, 40000), ()),  # exactly the ceiling together is not over it
        ((0, 0), (99000, 2000), (0, 1)),  # the same day counts both
    ],
)
def test_the_split_window_and_ceiling_boundaries(year, days, amounts, flagged):
    from datetime import timedelta

    from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
    from prongsai.thai.fiscal import fiscal_year_bounds

    org = make_org()
    start = fiscal_year_bounds(year)[0]
    summary = ProcurementSummary.objects.create(organisation=org, year=year, month=1, title="ต.ค.")
    lines = []
    for n, (day, amount) in enumerate(zip(days, amounts, strict=True), start=1):
        lines.append(ProcurementLine.objects.create(
            organisation=org, summary=summary, number=n, project="ซื้อหิน", budget=amount + 500,
            method="เฉพาะเจาะจง", winner="ร้านหิน", price=amount, contract_date=start + timedelta(days=day),
        ))  # fmt: skip
    found = redflags.for_organisation(org, year, with_rows=True)
    assert found.rows["split_purchase"] == sorted(lines[i].pk for i in flagged)
