from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_staff
from prongsai.participation.models import CouncilMember, Meeting, digest
from prongsai.participation.tests.factories import make_meeting, make_member

pytestmark = pytest.mark.django_db


def member_data(**extra):
    return {
        "prefix": "นาย", "first_name": "บุญมี", "last_name": "มีสุข", "village_no": "4",
        "community": "บ้านท่าดินแดง", "role": "member", "term_start": "2022-02-01", "term_end": "2024-01-31",
        "phone": "089-000-1111", **extra,
    }  # fmt: skip


def test_it_appoints_a_member(client, officer, org):
    response = client.post(reverse("participation:member_new"), member_data())
    assert response.status_code == 302
    member = CouncilMember.objects.for_org(org).get()
    assert member.full_name == "นายบุญมี มีสุข" and member.village_no == 4


def test_it_refuses_a_term_that_ends_before_it_starts_and_keeps_what_was_typed(client, officer, org):
    response = client.post(reverse("participation:member_new"), member_data(term_end="2021-01-01"))
    assert response.status_code == 200
    assert (
        "The term must end after it starts." in response.content.decode()
        or "วาระ" in response.content.decode()
    )
    assert 'value="บุญมี"' in response.content.decode()
    assert not CouncilMember.objects.exists()


def test_term_rules():
    start = date(2022, 2, 1)
    with pytest.raises(ValidationError) as too_long:
        CouncilMember(term_start=start, term_end=start + timedelta(days=6 * 366)).clean()
    assert "term_end" in too_long.value.error_dict
    with pytest.raises(ValidationError) as outside:
        CouncilMember(
            term_start=start, term_end=date(2024, 1, 31), ended_on=date(2025, 1, 1), end_reason="ลาออก"
        ).clean()
    assert "ended_on" in outside.value.error_dict
    with pytest.raises(ValidationError) as no_reason:
        CouncilMember(term_start=start, term_end=date(2024, 1, 31), ended_on=date(2023, 1, 1)).clean()
    assert "end_reason" in no_reason.value.error_dict


def test_end_of_term_removes_the_member_from_the_public_list(client, org):
    serving = make_member(org, first="สมศรี")
    left = make_member(org, first="สมปอง")
    left.ended_on, left.end_reason = timezone.localdate() - timedelta(days=1), "ย้ายภูมิลำเนา"
    left.save()
    body = client.get(reverse("participation_public:index", kwargs={"org_slug": org.slug})).content.decode()
    assert serving.full_name in body and left.full_name not in body


def test_contacts_are_private(client, org):
    member = make_member(org, phone="081-999-7777")
    public = client.get(reverse("participation_public:index", kwargs={"org_slug": org.slug})).content.decode()
    assert member.full_name in public and "081-999-7777" not in public
    client.force_login(make_staff(org, roles=("staff",)))  # a colleague without the role
    assert (
        client.get(reverse("participation:member_edit", kwargs={"council_member_id": member.pk})).status_code
        == 403
    )


def test_opening_a_members_contacts_is_audited(client, officer, org):
    member = make_member(org)
    response = client.get(reverse("participation:member_edit", kwargs={"council_member_id": member.pk}))
    assert "081-234-5678" in response.content.decode()
    assert AuditEntry.objects.filter(
        action="participation.read_member_contact", object_id=str(member.pk)
    ).exists()


def test_a_member_code_is_shown_once_and_stored_only_as_a_hash(client, officer, org):
    member = make_member(org)
    response = client.post(reverse("participation:member_code", kwargs={"council_member_id": member.pk}))
    code = response.context["code"]
    member.refresh_from_db()
    assert member.code_hash == digest(code) and code not in member.code_hash


def test_attendance_only_of_members_serving_on_the_day(client, officer, org):
    old = make_member(org, first="เก่า", term_start=date(2018, 1, 1), term_end=date(2020, 1, 1))
    data = {
        "title": "ประชุมครั้งที่ ๑",
        "held_on": timezone.localdate().isoformat(),
        "agenda": "วาระ",
        "attendees": [old.pk],
    }
    response = client.post(reverse("participation:meeting_new"), data)
    assert response.status_code == 200
    assert old.full_name in response.content.decode()
    assert not Meeting.objects.exists()


def test_minutes_are_public_only_once_published(client, officer, org):
    meeting = make_meeting(org, minutes="ที่ประชุมมีมติเห็นชอบ", resolutions="เห็นชอบให้ขยายเวลาบริการ")
    public_url = reverse(
        "participation_public:meeting", kwargs={"org_slug": org.slug, "meeting_id": meeting.pk}
    )
    index_url = reverse("participation_public:index", kwargs={"org_slug": org.slug})
    assert client.get(public_url).status_code == 404
    assert meeting.title not in client.get(index_url).content.decode()

    client.post(reverse("participation:meeting_publish", kwargs={"meeting_id": meeting.pk}), {"publish": "1"})
    body = client.get(public_url).content.decode()
    assert "เห็นชอบให้ขยายเวลาบริการ" in body
    assert meeting.title in client.get(index_url).content.decode()

    client.post(reverse("participation:meeting_publish", kwargs={"meeting_id": meeting.pk}), {"publish": "0"})
    assert client.get(public_url).status_code == 404


def test_minutes_cannot_be_published_empty(client, officer, org):
    meeting = make_meeting(org)
    client.post(reverse("participation:meeting_publish", kwargs={"meeting_id": meeting.pk}), {"publish": "1"})
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


@pytest.mark.parametrize("rows", [2, 22])
def test_member_and_meeting_lists_use_bounded_queries(
    client, officer, org, rows, django_assert_max_num_queries
):
    for n in range(rows):
        m = make_meeting(org, title=f"ประชุม {n}")
        m.attendees.add(make_member(org, first=f"คน{n}"))
    for name in ("participation:members", "participation:meetings"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name)).status_code == 200
    client.logout()
    with django_assert_max_num_queries(
        6
    ):  # organisation, member count, consultations, surveys, minutes, members
        client.get(reverse("participation_public:index", kwargs={"org_slug": org.slug}))
