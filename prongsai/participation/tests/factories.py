"""Plain builders for participation rows."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from prongsai.participation.models import (
    Comment,
    CommentStatus,
    Consultation,
    CouncilMember,
    Meeting,
    Survey,
    SurveyResponse,
    Theme,
    digest,
)


def make_member(org, first="สมศรี", last="ใจงาม", **fields) -> CouncilMember:
    today = timezone.localdate()
    defaults = {
        "prefix": "นาง", "village_no": 3, "community": "บ้านหนองกร่าง",
        "term_start": today - timedelta(days=100), "term_end": today + timedelta(days=900),
        "phone": "081-234-5678",
    }  # fmt: skip
    return CouncilMember.objects.create(
        organisation=org, first_name=first, last_name=last, **{**defaults, **fields}
    )


def make_meeting(org, title="ประชุมสภาประชาคม ครั้งที่ ๑", **fields) -> Meeting:
    defaults = {"held_on": timezone.localdate(), "agenda": "วาระที่ ๑ เรื่องแจ้งเพื่อทราบ"}
    return Meeting.objects.create(organisation=org, title=title, **{**defaults, **fields})


def make_consultation(org, title="ปรับปรุงการให้บริการงานทะเบียน", **fields) -> Consultation:
    today = timezone.localdate()
    defaults = {
        "kind": "service", "description": "ขอความเห็นเรื่องเวลาเปิดให้บริการ",
        "opens_on": today - timedelta(days=5), "closes_on": today + timedelta(days=25),
    }  # fmt: skip
    return Consultation.objects.create(organisation=org, title=title, **{**defaults, **fields})


def make_comment(consultation, body="ควรเปิดบริการช่วงพักเที่ยง", **fields) -> Comment:
    defaults = {"status": CommentStatus.PENDING}
    return Comment.objects.create(
        organisation=consultation.organisation, consultation=consultation, body=body, **{**defaults, **fields}
    )


def make_theme(consultation, title="เวลาเปิดให้บริการ", **fields) -> Theme:
    defaults = {"you_said": "อยากให้เปิดช่วงพักเที่ยง"}
    return Theme.objects.create(
        organisation=consultation.organisation,
        consultation=consultation,
        title=title,
        **{**defaults, **fields},
    )


def make_survey(org, title="ความพึงพอใจงานทะเบียนราษฎร", **fields) -> Survey:
    today = timezone.localdate()
    defaults = {
        "service": "ทะเบียนราษฎร",
        "opens_on": today - timedelta(days=5),
        "closes_on": today + timedelta(days=25),
    }
    return Survey.objects.create(organisation=org, title=title, **{**defaults, **fields})


def make_response(survey, answers, token=None, submitted_on: date | None = None) -> SurveyResponse:
    return SurveyResponse.objects.create(
        organisation=survey.organisation, survey=survey, answers=answers,
        token_hash=digest(token or str(SurveyResponse.objects.count()) + "-t"),
        submitted_on=submitted_on or timezone.localdate(),
    )  # fmt: skip


def paid(client, url: str) -> dict:
    """The proof of work a browser would send with the form at `url` (fetching it also sets cookies)."""
    import re

    from prongsai.complaints import pow

    html = client.get(url).content.decode()
    challenge = re.search(r'name="pow_challenge" value="([^"]+)"', html).group(1)
    return {"pow_challenge": challenge, "pow_counter": pow.solve(challenge)}


def paid_for(org) -> dict:
    """A solved challenge of `org` without fetching a page (a page may show no form any more)."""
    from prongsai.complaints import pow

    challenge = pow.new_challenge(org.pk)
    return {"pow_challenge": challenge, "pow_counter": pow.solve(challenge)}
