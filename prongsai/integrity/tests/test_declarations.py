"""Declarations: made by their declarer, read only by them and the clerk, every read in the audit
log; gifts over the limit drafted as a report in the approval chain; counts for the analyst."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.documents.models import Document
from prongsai.integrity.declarations import RelationData, declare
from prongsai.integrity.models import Declaration, DeclaredRelation, EthicsAcknowledgement, Gift
from prongsai.integrity.tests.redflag_data import with_check_digit
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db
FIRM_ID = with_check_digit("010555111222")


@pytest.fixture
def org():
    return make_org("declare-town")


def relation_post(rows: list[dict], **fields) -> dict:
    data = {"relation-TOTAL_FORMS": "3", "relation-INITIAL_FORMS": "0", **fields}
    for index, row in enumerate(rows):
        data.update({f"relation-{index}-{key}": value for key, value in row.items()})
    return data


def firm(tax_id=FIRM_ID):
    return {"kind": "firm", "name": "หจก. รุ่งเรืองก่อสร้าง", "tax_id": tax_id, "relationship": "พี่ชายเป็นหุ้นส่วน"}


def test_staff_make_their_annual_declaration_with_a_relation(client, org):
    staff = make_staff(org, roles=("staff",))
    client.force_login(staff)
    dashed = f"{FIRM_ID[0]}-{FIRM_ID[1:5]}-{FIRM_ID[5:10]}-{FIRM_ID[10:12]}-{FIRM_ID[12]}"
    response = client.post(reverse("integrity:declaration_annual_new"), relation_post([firm(dashed)]))
    assert response.status_code == 302
    declaration = Declaration.objects.for_org(org).get()
    assert (declaration.kind, declaration.person, declaration.has_relations) == ("annual", staff.person, True)
    assert declaration.fiscal_year == fiscal_year_of(timezone.localdate())
    relation = DeclaredRelation.objects.get()
    assert (relation.tax_id, relation.name_key) == (FIRM_ID, "หจก.รุ่งเรืองก่อสร้าง")
    # a second annual declaration the same year is refused: the first is shown instead
    again = client.get(reverse("integrity:declaration_annual_new"))
    assert again.status_code == 302 and again.url.endswith(f"/declarations/{declaration.pk}/")


def test_a_wrong_check_digit_is_refused_and_nothing_is_stored(client, org):
    client.force_login(make_staff(org, roles=("staff",)))
    wrong = FIRM_ID[:-1] + str((int(FIRM_ID[-1]) + 1) % 10)
    response = client.post(reverse("integrity:declaration_annual_new"), relation_post([firm(wrong)]))
    assert response.status_code == 400
    assert "check digit" in response.content.decode()
    assert not Declaration.objects.exists() and not DeclaredRelation.objects.exists()
    # what was typed comes back in the form
    assert wrong in response.content.decode()


def test_a_committee_member_declares_for_a_procurement_of_the_year(client, org):
    from prongsai.integrity.tests.redflag_data import import_planted

    year = fiscal_year_of(timezone.localdate())
    ids = import_planted(org, year)
    client.force_login(make_staff(org, roles=("staff",)))
    response = client.post(
        reverse("integrity:declaration_committee_new"),
        relation_post([], procurement_line=ids["related"], committee_role="กรรมการตรวจรับพัสดุ"),
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.kind, declaration.procurement_line_id, declaration.has_relations) == (
        "procurement", ids["related"], False,
    )  # fmt: skip
    other_org_line = import_planted(make_org(), year)["related"]
    response = client.post(
        reverse("integrity:declaration_committee_new"),
        relation_post([], procurement_line=other_org_line, committee_role="กรรมการ"),
    )
    assert response.status_code == 400 and Declaration.objects.count() == 1


def test_every_read_is_in_the_audit_log_and_only_the_declarer_and_the_clerk_read(client, org):
    declarer = make_staff(org, roles=("staff",))
    clerk = make_staff(org, roles=("clerk",))
    analyst = make_staff(org, roles=("analyst",))
    declaration = declare(declarer.person, "annual", 2569, [RelationData("firm", "หจก.ลับ", FIRM_ID, "ญาติ")],
                          declarer)  # fmt: skip
    url = reverse("integrity:declaration", kwargs={"declaration_id": declaration.pk})
    reads = AuditEntry.objects.filter(action="integrity.read_declaration", object_id=str(declaration.pk))
    for user in (declarer, clerk):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "หจก.ลับ" in response.content.decode()
        assert reads.filter(actor=user).count() == 1
    client.force_login(analyst)
    response = client.get(url)
    assert response.status_code == 403 and "หจก.ลับ" not in response.content.decode()
    assert not reads.filter(actor=analyst).exists()
    # the log names no relation: its text and snapshot of the relation are hashes
    created = AuditEntry.objects.get(object_type="integrity.declaredrelation", action="create")
    assert "หจก.ลับ" not in str(created.snapshot) and FIRM_ID not in str(created.snapshot)
    assert "หจก.ลับ" not in created.object_repr


def test_the_index_shows_the_clerk_everyone_and_the_analyst_counts_only(client, org):
    declarer = make_staff(org, roles=("staff",), first="ประภา")
    declare(declarer.person, "annual", fiscal_year_of(timezone.localdate()), [], declarer)
    clerk, analyst = make_staff(org, roles=("clerk",)), make_staff(org, roles=("analyst",))
    client.force_login(clerk)
    page = client.get(reverse("integrity:declarations")).content.decode()
    assert "ประภา" in page
    client.force_login(analyst)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("integrity:declarations"))
    page = response.content.decode()
    assert response.status_code == 200 and "ประภา" not in page
    assert "Annual declarations" in page  # the statistics
    assert len(queries) <= 20
    client.force_login(clerk)
    year = fiscal_year_of(timezone.localdate())
    for _n in range(5):
        declare(make_staff(org, roles=("staff",)).person, "annual", year, [], clerk)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("integrity:declarations"))
    with CaptureQueriesContext(connection) as fewer:
        client.get(reverse("integrity:declarations") + "?year=2561")
    assert len(more) == len(fewer)  # the list does not grow a query per row


def chain(org):
    """staff → clerk (ปลัด) → mayor: the chain of command a gift report goes up."""
    mayor = make_staff(org, roles=("executive",))
    clerk = make_staff(org, roles=("clerk",))
    clerk.person.position.reports_to = mayor.person.position
    clerk.person.position.save()
    staff = make_staff(org, roles=("staff",))
    staff.person.position.reports_to = clerk.person.position
    staff.person.position.save()
    return staff, clerk, mayor


def gift_post(value, day):
    return {"date": day.strftime("%d/%m/") + str(day.year + 543), "giver": "บริษัท ก่อสร้างไทย จำกัด",
            "description": "กระเช้าปีใหม่", "value": value, "action": "received"}  # fmt: skip


def test_a_gift_over_the_limit_is_reported_up_the_chain_and_one_under_is_not(client, org):
    staff, clerk, mayor = chain(org)
    client.force_login(staff)
    today = timezone.localdate()
    assert client.post(reverse("integrity:gift_new"), gift_post("3000", today)).status_code == 302
    under = Gift.objects.get()
    assert under.report is None and not Document.objects.exists()
    response = client.post(reverse("integrity:gift_new"), gift_post("3500.50", today - timedelta(days=1)))
    assert response.status_code == 302
    over = Gift.objects.exclude(pk=under.pk).get()
    report = over.report
    assert report is not None and report.author == staff.person and report.status == "draft"
    assert [step.position for step in report.steps.order_by("order")] == [
        clerk.person.position, mayor.person.position,
    ]  # fmt: skip
    assert report.to == mayor.person.position.title_th
    assert "๓,๕๐๐.๕๐" in report.facts
    page = client.get(reverse("integrity:gift", kwargs={"gift_id": over.pk})).content.decode()
    assert reverse("documents:detail", kwargs={"document_id": report.pk}) in page
    reads = AuditEntry.objects.filter(action="integrity.read_gift", object_id=str(over.pk), actor=staff)
    assert reads.exists()


def test_a_gift_of_someone_without_a_chain_is_kept_with_a_clear_message(client, org):
    loner = make_staff(org, roles=("executive",))
    client.force_login(loner)
    post = gift_post("5000", timezone.localdate())
    response = client.post(reverse("integrity:gift_new"), post, follow=True)
    assert response.status_code == 200
    assert Gift.objects.get().report is None
    assert "by hand" in response.content.decode()


def test_a_negative_or_missing_value_is_explained(client, org):
    client.force_login(make_staff(org, roles=("staff",)))
    response = client.post(reverse("integrity:gift_new"), gift_post("-5", timezone.localdate()))
    assert response.status_code == 400 and not Gift.objects.exists()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("integrity:gift_new"), gift_post("500", tomorrow))
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    assert not Gift.objects.exists()


def test_staff_acknowledge_the_code_of_ethics_once_a_year(client, org):
    staff = make_staff(org, roles=("staff",))
    client.force_login(staff)
    assert client.get(reverse("integrity:ethics_acknowledge")).status_code == 405
    for _n in range(2):
        assert client.post(reverse("integrity:ethics_acknowledge")).status_code == 302
    row = EthicsAcknowledgement.objects.get()
    assert (row.person, row.fiscal_year) == (staff.person, fiscal_year_of(timezone.localdate()))
    assert "You have acknowledged" in client.get(reverse("integrity:declarations")).content.decode()


STAFF_PAGES = ["integrity:declarations", "integrity:declaration_annual_new",
               "integrity:declaration_committee_new", "integrity:gift_new", "integrity:redflags"]  # fmt: skip


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_the_staff_pages_ask_for_a_sign_in_and_a_member_of_the_organisation(client, org, name):
    from prongsai.core.models import User

    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response.url
    outsider = User.objects.create_user("outsider", password="x-very-long-password-1")  # no organisation
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code in (403, 404)
    client.force_login(make_staff(org, roles=("staff",)))
    assert client.get(reverse(name)).status_code == 200


def test_a_declaration_and_a_gift_of_someone_else_are_refused_to_a_colleague(client, org):
    declarer, colleague = make_staff(org, roles=("staff",)), make_staff(org, roles=("unit_head", "publisher"))
    declaration = declare(declarer.person, "annual", 2569, [], declarer)
    gift = Gift.objects.create(
        organisation=org, person=declarer.person, fiscal_year=2569, date=timezone.localdate(), giver="ร้านค้า",
        description="ปากกา", value=100, action="refused", created_by=declarer,
    )  # fmt: skip
    client.force_login(colleague)
    url = reverse("integrity:declaration", kwargs={"declaration_id": declaration.pk})
    assert client.get(url).status_code == 403
    assert client.get(reverse("integrity:gift", kwargs={"gift_id": gift.pk})).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="integrity.read_").exists()
