"""The complaint centre's findings of the outside security review, each as a test that failed before.

3: a complaint filed while signed in named the account in the audit log.
8: a flood without proof of work, or of wrong receipt codes, shut the channel for everyone.
Lows: a timing oracle on receipt buckets, an exact total beside suppressed cells, conflicting
cases listed to the officers excluded from them.
"""

import datetime
import hashlib
import time
from unittest import mock

import pytest
from django.urls import reverse

from prongsai.complaints import actions, channel, pow, receipts, stats
from prongsai.complaints.models import Category, Complaint, Message
from prongsai.complaints.tests.factories import PDF, intake_data, login_verified, make_complaint, make_officer
from prongsai.core.models import AuditEntry, Job, Notification
from prongsai.core.tests.factories import make_org, make_staff, make_unit

pytestmark = pytest.mark.django_db

ATTACK = 300
FAST_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


@pytest.fixture
def org():
    return make_org("security-org")


@pytest.fixture
def fast_argon2(settings):
    settings.COMPLAINTS_ARGON2 = FAST_ARGON2


def url(org, name="index"):
    return reverse(f"complaints_public:{name}", kwargs={"org_slug": org.slug})


def _other_bucket_code(code: str, n: int) -> str:
    """A wrong code whose look-up group differs from `code`'s (so it lands in another bucket)."""
    alphabet = receipts.ALPHABET
    first = "".join(alphabet[(n // len(alphabet) ** i) % len(alphabet)] for i in range(4))
    if first == code[:4]:
        first = "ZZZZ" if first != "ZZZZ" else "YYYY"
    return f"{first}-0000-0000-0000-0000"


def _exactly(challenge: str, bits: int) -> str:
    """A solution worth exactly `bits` bits (a lucky one would be worth more)."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if pow.leading_zero_bits(digest) == bits:
            return str(counter)
        counter += 1


# ----- finding 3: complainants unmasked --------------------------------------------------------


def test_a_complaint_filed_while_signed_in_names_no_account(client, org):
    staff = make_staff(org, username="curious-clerk")
    make_officer(org)  # someone to notify
    client.force_login(staff)
    session_before = dict(client.session.items())
    first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client.post(url(org), intake_data(org, description="มีการเรียกรับเงิน"))

    assert response.status_code == 200
    assert response.context["user"].is_authenticated is False  # the page itself saw no account
    complaint = Complaint.objects.get()
    entries = AuditEntry.objects.filter(pk__gt=first_entry)
    assert entries.filter(object_type="complaints.complaint", object_id=str(complaint.pk)).exists()
    assert set(entries.values_list("actor_name", flat=True)) == {channel.ACTOR}
    assert not entries.filter(actor__isnull=False).exists()
    assert "curious-clerk" not in " ".join(entries.values_list("actor_name", flat=True))
    assert not Job.objects.filter(created_by=staff).exists()
    assert dict(client.session.items()) == session_before  # nothing about the complaint in the session


def test_a_follow_up_by_receipt_code_while_signed_in_names_no_account(client, org):
    complaint, code = make_complaint(org)
    officer = make_officer(org)
    login_verified(client, officer)  # the complainant is an officer of the centre themselves
    first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url(org, "reply"),
        {"code": code, "body": "ขอส่งหลักฐานเพิ่ม", "files": [SimpleUploadedFile("more.pdf", PDF)]},
    )

    assert response.status_code == 200
    assert Message.objects.filter(complaint=complaint, from_complainant=True).exists()
    entries = AuditEntry.objects.filter(pk__gt=first_entry)
    written = set(entries.values_list("object_type", flat=True))
    assert {"complaints.message", "complaints.attachment"} <= written
    assert not entries.filter(actor=officer).exists()
    assert set(entries.values_list("actor_name", flat=True)) == {channel.ACTOR}
    # The receipt page and a download by code do not open a session link either.
    assert client.post(url(org, "follow"), {"code": code}).context["user"].is_authenticated is False


def test_the_channel_writes_as_itself_even_when_called_inside_a_staff_request(org):
    staff = make_staff(org)
    from prongsai.core import audit

    with audit.acting_as(staff):  # what the request middleware does for a signed-in visitor
        complaint, _code = make_complaint(org)
        actions.complainant_message(complaint, "เพิ่มเติม", [])
    assert not AuditEntry.objects.filter(actor=staff).exists()
    assert AuditEntry.objects.filter(actor_name=channel.ACTOR, object_type="complaints.message").exists()


# ----- finding 8: anonymous shutdown of the channel --------------------------------------------


def test_no_complaint_without_proof_of_work_however_long_the_sender_waited(client, org):
    old = pow.new_challenge(org.pk, now=time.time() - 3600)  # an hour ago: far past the old 20 s bypass
    response = client.post(url(org), intake_data(org, pow_challenge=old, pow_counter=""))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_flood_of_paid_complaints_raises_the_price_but_never_refuses(client, org, settings):
    settings.COMPLAINTS_POW_BITS = 4
    settings.COMPLAINTS_POW_STEP = 5
    assert pow.bits(org.pk) == 4
    stockpiled = pow.new_challenge(org.pk)  # taken while it was quiet, to be spent during the flood
    for _ in range(60):  # the abuser pays for each one
        challenge = pow.new_challenge(org.pk)
        assert pow.check(challenge, pow.solve(challenge), org.pk) is None
    price = pow.bits(org.pk)
    assert price >= 4 + 3  # 60 in ten minutes against a step of 5: three doublings and more
    # A cheap challenge kept from the quiet time no longer buys a complaint ...
    cheap = intake_data(org, pow_challenge=stockpiled, pow_counter=_exactly(stockpiled, 4))
    response = client.post(url(org), cheap)
    assert response.status_code == 400
    assert pow.challenge_bits(response.context["form"].data["pow_challenge"]) == price
    # ... but a real complainant who does the work asked of them now gets through, never a 429.
    response = client.post(url(org), intake_data(org))
    assert response.status_code == 200
    assert Complaint.objects.count() == 1


def test_a_challenge_of_another_organisation_is_refused(client, org):
    other = make_org("quiet-org")
    response = client.post(url(org), intake_data(other))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_wrong_codes_lock_only_their_own_bucket(client, org, fast_argon2):
    complaint, code = make_complaint(org)
    for n in range(30):  # the review's 30 wrong codes, each in another bucket
        assert client.post(url(org, "follow"), {"code": _other_bucket_code(code, n)}).status_code == 400
    hammered = _other_bucket_code(code, 99)
    for _ in range(10):
        client.post(url(org, "follow"), {"code": hammered})
    assert client.post(url(org, "follow"), {"code": hammered}).status_code == 429  # that bucket is closed
    response = client.post(url(org, "follow"), {"code": code})
    assert response.status_code == 200 and complaint.number in response.content.decode()


def test_the_channel_under_attack_still_serves_a_real_complainant(client, org, settings, fast_argon2):
    """Acceptance: submissions without proof of work and wrong receipt codes (ATTACK of each, ten
    times what shut the channel before; bench/complaints.py sends 1,000 of each to a real server),
    then a real complainant files (with the work asked of them) and follows up with their code."""
    settings.COMPLAINTS_POW_BITS = 8
    _earlier, code = make_complaint(org)
    unpaid = intake_data(org, pow_counter="")
    for _ in range(ATTACK):
        assert client.post(url(org), unpaid).status_code == 400
    for n in range(ATTACK):
        assert client.post(url(org, "follow"), {"code": _other_bucket_code(code, n)}).status_code == 400
    assert Complaint.objects.count() == 1

    response = client.post(url(org), intake_data(org))
    assert response.status_code == 200
    new_code = response.context["code"]
    assert client.post(url(org, "follow"), {"code": code}).status_code == 200
    assert client.post(url(org, "follow"), {"code": new_code}).status_code == 200


# ----- lows ------------------------------------------------------------------------------------


def test_a_wrong_code_costs_one_argon2_check_whether_or_not_its_bucket_holds_a_case(org, fast_argon2):
    _complaint, code = make_complaint(org)
    rest = "0000-0000-0000-0000" if not code.endswith("0000") else "1111-1111-1111-1111"
    same_bucket_miss = code[:5] + rest
    empty_bucket_miss = _other_bucket_code(code, 7)
    calls = []
    real_verify = receipts.verify

    def counting(code_hash, typed):
        calls.append(typed)
        return real_verify(code_hash, typed)

    with mock.patch.object(receipts, "verify", counting):
        assert actions.find_by_receipt(org, same_bucket_miss) is None
        occupied = len(calls)
        calls.clear()
        assert actions.find_by_receipt(org, empty_bucket_miss) is None
        empty = len(calls)
    assert occupied == empty == 1


def _statistics_year(org):
    for _ in range(6):
        make_complaint(org, category=Category.BRIBERY, today=datetime.date(2025, 3, 3))
    make_complaint(org, category=Category.PROCUREMENT, today=datetime.date(2025, 3, 4))
    return 2568


def test_the_total_does_not_give_back_a_suppressed_cell(client, org):
    year = _statistics_year(org)  # 6 bribery + 1 procurement: an exact total 7 reveals the "< 3"
    data = stats.statistics(org, year)
    cells = {row.code: row.value for row in data.by_category}
    assert cells["procurement"] == "< 3"
    assert data.total == "5" and cells["bribery"] == "5" and data.rounded_to == 5
    assert {row.value for row in data.by_state if row.value != "0"} == {"5"}  # no table sums to 7
    assert {row.value for row in data.years} == {"5"}
    assert [r.value for r in data.time_to_close if r.code == "closed"] == ["0"]

    page = client.get(url(org, "statistics"), {"fy": year})
    assert page.status_code == 200
    body = page.content.decode()
    assert '<strong id="stats-total">5</strong>' in body and 'id="stats-rounded"' in body
    csv_text = client.get(url(org, "statistics_csv"), {"fy": year}).content.decode("utf-8-sig")
    assert f"{year},total,,5" in csv_text and f"{year},rounded_to,,5" in csv_text
    assert ",7" not in csv_text and ",6" not in csv_text
    api = client.get(f"/api/v1/organisations/{org.slug}/complaints/statistics", {"fiscal_year": year})
    assert api.status_code == 200
    assert api.json()["total"] == "5"
    assert "7" not in {r["value"] for r in api.json()["by_state"]}


def test_a_year_without_small_counts_stays_exact(org):
    for category in (Category.BRIBERY, Category.PROCUREMENT):
        for _ in range(3):
            make_complaint(org, category=category, today=datetime.date(2025, 3, 3))
    data = stats.statistics(org, 2568)
    assert data.total == "6" and data.rounded_to == 0


# ----- lows: excluded officers see nothing of their cases -------------------------------------


@pytest.fixture
def conflicted(org):
    """An officer named in one case, and a colleague who is not."""
    named = make_officer(org, first="ประเสริฐ", last="ทองดี")
    colleague = make_officer(org, first="สมศรี", last="มีสุข")
    about_named, _code = make_complaint(
        org, concerned="นายประเสริฐ ทองดี", category=Category.PROPERTY, today=datetime.date(2025, 6, 2)
    )
    other, _code = make_complaint(org, concerned="ผู้รับเหมา", today=datetime.date(2025, 6, 2))
    return named, colleague, about_named, other


def test_the_case_list_count_and_search_hide_a_case_from_the_officer_it_names(client, org, conflicted):
    named, colleague, about_named, other = conflicted
    login_verified(client, named)
    listed = client.get(reverse("complaints:index"))
    assert [c.pk for c in listed.context["page"]] == [other.pk]
    assert listed.context["page"].paginator.count == 1
    assert about_named.number not in listed.content.decode()
    searched = client.get(reverse("complaints:index"), {"category": Category.PROPERTY})
    assert list(searched.context["page"]) == []
    overdue = client.get(reverse("complaints:index"), {"overdue": "on"})
    assert about_named.pk not in [c.pk for c in overdue.context["page"]]
    client.logout()
    login_verified(client, colleague)
    assert client.get(reverse("complaints:index")).context["page"].paginator.count == 2


def test_the_late_list_hides_a_case_from_the_officer_it_names(client, org, conflicted):
    named, colleague, about_named, other = conflicted
    response = login_verified(client, named).get(reverse("complaints:late"))
    assert response.status_code == 200
    assert [item.complaint.pk for item, _excluded in response.context["rows"]] == [other.pk]
    assert about_named.number not in response.content.decode()
    client.logout()
    response = login_verified(client, colleague).get(reverse("complaints:late"))
    assert {item.complaint.pk for item, _excluded in response.context["rows"]} == {about_named.pk, other.pk}


def test_an_assignee_who_came_into_conflict_is_not_told_of_new_messages(org):
    works = make_unit(org, "กองช่าง")
    officer = make_officer(org, first="วิชัย", last="ใจกล้า")
    colleague = make_officer(org, first="สมศรี", last="มีสุข")
    head = make_staff(org, roles=("complaints_head",))
    complaint, _code = make_complaint(org, unit_concerned=works)
    actions.assign(complaint, officer, by=head)
    officer.person.position.unit = works  # moved into the unit the complaint is about
    officer.person.position.save()
    Notification.objects.all().delete()
    complaint.refresh_from_db()
    actions.complainant_message(complaint, "มีข้อมูลเพิ่ม", [])
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert officer.pk not in told and colleague.pk in told
