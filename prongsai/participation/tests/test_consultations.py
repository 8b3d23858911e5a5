from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.core.tests.factories import make_staff
from prongsai.participation import actions
from prongsai.participation.models import Comment, CommentStatus, ConsultationDocument
from prongsai.participation.tests.factories import (
    make_comment,
    make_consultation,
    make_member,
    make_theme,
    paid,
)

pytestmark = pytest.mark.django_db


def public_url(consultation):
    return reverse(
        "participation_public:consultation",
        kwargs={"org_slug": consultation.organisation.slug, "consultation_id": consultation.pk},
    )


def test_a_citizen_comment_waits_for_moderation_and_is_never_shown_before(client, org):
    consultation = make_consultation(org)
    url = public_url(consultation)
    response = client.post(url, {"body": "ขอให้เปิดบริการวันเสาร์ด้วย", "name": "", **paid(client, url)})
    assert response.status_code == 302
    comment = Comment.objects.for_org(org).get()
    assert comment.status == CommentStatus.PENDING and comment.author_name == ""
    assert "ขอให้เปิดบริการวันเสาร์ด้วย" not in client.get(public_url(consultation)).content.decode()


def test_refused_and_pending_comments_never_reach_public_pages(client, org):
    consultation = make_consultation(org)
    make_comment(consultation, body="รอการตรวจ ๑๑๑")
    make_comment(consultation, body="ถูกปฏิเสธ ๒๒๒", status=CommentStatus.REFUSED, refusal_reason="หยาบคาย")
    make_comment(consultation, body="เผยแพร่แล้ว ๓๓๓", status=CommentStatus.PUBLISHED)
    pages = [public_url(consultation), reverse("participation_public:index", kwargs={"org_slug": org.slug}),
             reverse("participation_public:decisions", kwargs={"org_slug": org.slug})]  # fmt: skip
    bodies = "".join(client.get(url).content.decode() for url in pages)
    assert "เผยแพร่แล้ว ๓๓๓" in bodies
    assert "รอการตรวจ ๑๑๑" not in bodies and "ถูกปฏิเสธ ๒๒๒" not in bodies


def test_html_in_a_comment_is_shown_escaped(client, org):
    consultation = make_consultation(org)
    make_comment(consultation, body="<script>alert(1)</script><b>ตัวหนา</b>", status=CommentStatus.PUBLISHED)
    body = client.get(public_url(consultation)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_council_member_comments_with_their_code_and_is_marked_verified(client, org):
    consultation = make_consultation(org)
    member = make_member(org)
    code = actions.issue_member_code(member)
    url = public_url(consultation)
    client.post(
        url, {"body": "ในฐานะสมาชิกสภาประชาคม เห็นด้วย", "member_code": code.lower(), **paid(client, url)}
    )
    comment = Comment.objects.for_org(org).get()
    assert comment.member == member and comment.author_name == member.full_name


def test_a_wrong_member_code_is_refused_with_a_message_and_the_text_kept(client, org):
    consultation = make_consultation(org)
    url = public_url(consultation)
    response = client.post(url, {"body": "ความเห็นที่พิมพ์ไว้", "member_code": "WRONG123", **paid(client, url)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "ความเห็นที่พิมพ์ไว้" in body
    assert "This council member code is not valid" in body or "รหัสสมาชิก" in body
    assert not Comment.objects.exists()


def test_the_honeypot_catches_bots(client, org):
    consultation = make_consultation(org)
    response = client.post(public_url(consultation), {"body": "ซื้อยาราคาถูก", "website": "http://spam.example"})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_a_spam_burst_is_rate_limited(client, org, settings):
    settings.PARTICIPATION_LIMITS = {"comments": (5, 600)}
    consultation = make_consultation(org)
    url = public_url(consultation)
    statuses = [
        client.post(url, {"body": f"ความเห็นที่ {n} ยาวพอ", **paid(client, url)}).status_code for n in range(5)
    ]
    assert statuses == [302] * 5
    last = client.post(url, {"body": "อีกหนึ่งความเห็น", **paid(client, url)})
    assert last.status_code == 400
    assert "Too many comments" in last.content.decode() or "มากเกินไป" in last.content.decode()
    assert Comment.objects.count() == 5


def test_comments_are_refused_when_the_consultation_is_closed(client, org):
    today = timezone.localdate()
    consultation = make_consultation(
        org, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    response = client.post(public_url(consultation), {"body": "ส่งช้าไปหน่อย"})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_nothing_about_the_visitor_is_stored(client, org):
    consultation = make_consultation(org)
    url = public_url(consultation)
    client.post(
        url, {"body": "ไม่เก็บที่อยู่", **paid(client, url)}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Spy/1.0"
    )
    stored = str(list(Comment.objects.values()))
    assert "203.0.113.77" not in stored and "Spy/1.0" not in stored
    fields = {f.name for f in Comment._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user_agent", "remote_addr"}


def test_moderation_publishes_and_refusal_needs_a_reason(client, officer, org):
    consultation = make_consultation(org)
    comment = make_comment(consultation, body="ควรมีที่จอดรถเพิ่ม")
    url = reverse("participation:comment_moderate", kwargs={"comment_id": comment.pk})
    client.post(url, {"action": "refuse", "reason": ""})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    client.post(url, {"action": "publish"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.moderated_by == officer
    assert "ควรมีที่จอดรถเพิ่ม" in client.get(public_url(consultation)).content.decode()


def test_moderation_refuses_actions_outside_the_table(org):
    consultation = make_consultation(org)
    comment = make_comment(consultation, status=CommentStatus.REFUSED, refusal_reason="ซ้ำ")
    for action in ("publish", "refuse", "withdraw", "delete"):
        with pytest.raises(actions.ValidationError):
            actions.moderate(comment, action, None, reason="เหตุผล")


def test_a_colleague_without_the_role_cannot_moderate(client, org):
    comment = make_comment(make_consultation(org))
    client.force_login(make_staff(org, roles=("staff",)))
    response = client.post(
        reverse("participation:comment_moderate", kwargs={"comment_id": comment.pk}), {"action": "publish"}
    )
    assert response.status_code == 403


def test_you_said_we_did_lists_changes_linked_to_the_measure(client, officer, org):
    consultation = make_consultation(org)
    response = client.post(
        reverse("participation:theme_new", kwargs={"consultation_id": consultation.pk}),
        {"title": "เวลาให้บริการ", "you_said": "อยากให้เปิดพักเที่ยง", "answer": "เห็นด้วย",
         "we_did": "เปิดให้บริการช่วง 12.00–13.00 น.", "changed_on": "2022-03-15",
         "measure": "มาตรการที่ ๒ การมีส่วนร่วมของภาคประชาชน", "measure_url": "https://example.org/plan/2"},
    )  # fmt: skip
    assert response.status_code == 302
    make_theme(consultation, title="ยังไม่ได้ทำ")  # no change yet: not a decision
    body = client.get(
        reverse("participation_public:decisions", kwargs={"org_slug": org.slug})
    ).content.decode()
    assert "เปิดให้บริการช่วง 12.00–13.00 น." in body and "มาตรการที่ ๒" in body
    assert "ยังไม่ได้ทำ" not in body
    assert "เห็นด้วย" in client.get(public_url(consultation)).content.decode()


def test_a_change_needs_its_date(client, officer, org):
    consultation = make_consultation(org)
    response = client.post(
        reverse("participation:theme_new", kwargs={"consultation_id": consultation.pk}),
        {"title": "ที่จอดรถ", "you_said": "ที่จอดรถไม่พอ", "we_did": "ตีเส้นที่จอดรถเพิ่ม"},
    )
    assert response.status_code == 200 and "ตีเส้นที่จอดรถเพิ่ม" in response.content.decode()


def test_documents_are_checked_by_content(client, officer, org):
    consultation = make_consultation(org)
    url = reverse("participation:document_add", kwargs={"consultation_id": consultation.pk})
    fake = SimpleUploadedFile("ร่างข้อบัญญัติ.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "ร่างข้อบัญญัติ", "file": fake})
    assert response.status_code == 400 and not ConsultationDocument.objects.exists()
    real = SimpleUploadedFile("draft.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"title": "ร่างข้อบัญญัติ", "file": real}).status_code == 302
    document = ConsultationDocument.objects.get()
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_unpublished_consultation_is_not_public(client, org):
    consultation = make_consultation(org, is_published=False)
    assert client.get(public_url(consultation)).status_code == 404


@pytest.mark.parametrize("rows", [2, 22])
def test_consultation_pages_use_bounded_queries(client, officer, org, rows, django_assert_max_num_queries):
    consultation = make_consultation(org)
    member = make_member(org)
    theme = make_theme(consultation)
    for n in range(rows):
        make_comment(
            consultation, body=f"ความเห็น {n}", status=CommentStatus.PUBLISHED, member=member, theme=theme
        )
        make_comment(consultation, body=f"รอ {n}")
        make_consultation(org, title=f"หัวข้อ {n}")
    with django_assert_max_num_queries(
        14
    ):  # staff shell 7 (two 2FA kinds), consultation, comments page+count, themes x2, documents, form
        client.get(reverse("participation:consultation", kwargs={"consultation_id": consultation.pk}))
    with django_assert_max_num_queries(10):
        client.get(reverse("participation:consultations"))
    client.logout()
    with django_assert_max_num_queries(8):
        client.get(public_url(consultation))
