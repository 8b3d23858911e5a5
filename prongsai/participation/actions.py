"""What people do in participation, each as one function that views, commands and tests call.

Moderation is a state machine kept as data (`MODERATION`): a comment waits until a moderator
publishes it or refuses it with a reason; only published comments ever reach a public page.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import audit
from prongsai.participation import limits, scoring
from prongsai.participation.models import (
    Channel,
    Comment,
    CommentStatus,
    Consultation,
    CouncilMember,
    PaperCode,
    Survey,
    SurveyResponse,
    digest,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper

# (state, action) -> new state. A refusal needs a reason (the commenter is owed one).
MODERATION = {
    (CommentStatus.PENDING, "publish"): CommentStatus.PUBLISHED,
    (CommentStatus.PENDING, "refuse"): CommentStatus.REFUSED,
    (CommentStatus.PUBLISHED, "withdraw"): CommentStatus.REFUSED,  # published by mistake: reason required
}
NEEDS_REASON = {"refuse", "withdraw"}


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def issue_member_code(member: CouncilMember) -> str:
    """A fresh personal code for a council member; the old one stops working. Shown once."""
    code = new_code()
    member.code_hash = digest(code)
    member.save(update_fields=["code_hash"])
    return code


def submit_comment(
    consultation: Consultation,
    body: str,
    *,
    name: str = "",
    member_code: str = "",
    today: date | None = None,
) -> Comment:
    """A comment waiting for moderation, or ValidationError in Thai and English.

    The channel's own limits (proof of work, the consultation's burst limit) are the public view's;
    a council member's code is an identity, so its comments are also counted here, in the cache."""
    if not consultation.is_open(today):
        raise ValidationError(_("This consultation is not open for comments."))
    member = None
    if member_code.strip():
        today = today or timezone.localdate()
        member = (
            CouncilMember.objects.for_org(consultation.organisation)
            .filter(code_hash=digest(member_code))
            .first()
        )
        if member is None or not member.serves_on(today):
            raise ValidationError(_("This council member code is not valid. Check it or leave it empty."))
    if member is not None and not limits.take("member", str(member.pk)):
        raise ValidationError(
            _("Too many comments in a short time. Please wait a few minutes and try again.")
        )
    return Comment.objects.create(
        organisation=consultation.organisation,
        consultation=consultation,
        body=body.strip(),
        author_name=member.full_name if member else name.strip(),
        member=member,
    )


def moderate(comment: Comment, action: str, by, reason: str = "", theme=None) -> Comment:
    """Publish, refuse or withdraw a comment, following `MODERATION`."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        target = MODERATION.get((comment.status, action))
        if target is None:
            raise ValidationError(
                _("A comment that is “%(status)s” cannot be given that action.")
                % {"status": comment.get_status_display()}
            )
        if action in NEEDS_REASON and not reason.strip():
            raise ValidationError(_("Give the reason for refusing, so the person can be told."))
        comment.status = target
        comment.refusal_reason = reason.strip() if action in NEEDS_REASON else ""
        comment.moderated_by = by
        comment.moderated_at = timezone.now()
        if theme is not None:
            comment.theme = theme
        comment.save()
    return comment


def issue_paper_codes(survey: Survey, count: int) -> list[str]:
    """Single-use codes to print on paper forms; only their hashes are kept."""
    codes = []
    while len(codes) < count:
        code = new_code()
        try:
            with transaction.atomic():
                PaperCode.objects.create(
                    organisation=survey.organisation, survey=survey, code_hash=digest(code)
                )
        except IntegrityError:  # the same code drawn twice: draw again
            continue
        codes.append(code)
    return codes


def submit_response(
    survey: Survey,
    raw_answers: dict,
    *,
    token: str = "",
    paper_code: str = "",
    today: date | None = None,
    allow_closed: bool = False,
) -> SurveyResponse:
    """Store one response per token (online) or per single-use code (paper); never twice.

    `allow_closed` is for staff typing in paper forms collected while the survey was open.
    """
    if not survey.is_open(today) and not allow_closed:
        raise ValidationError(_("This survey is closed; answers are no longer accepted."))
    answers = scoring.clean_answers(scoring.eit_questions(survey.ita_year), raw_answers)
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    channel, secret = (Channel.PAPER, paper_code) if paper_code else (Channel.ONLINE, token)
    if not secret:
        raise ValidationError(_("Your browser did not keep the survey's token; allow cookies and try again."))
    token_hash = digest(f"{survey.pk}:{secret}")
    already = _("This survey has already been answered from here; each person answers once.")
    # A read first, so repeats do not queue for the write lock; the unique constraint still decides.
    if (
        SurveyResponse.objects.for_org(survey.organisation)
        .filter(survey=survey, token_hash=token_hash)
        .exists()
    ):
        raise ValidationError(already)
    try:
        with transaction.atomic():
            if paper_code:
                used = audit.update_rows(  # a plain update() would bypass the audit log
                    PaperCode.objects.for_org(survey.organisation).filter(
                        survey=survey, code_hash=digest(paper_code), used_at__isnull=True
                    ),
                    used_at=timezone.now(),
                )
                if not used:
                    raise ValidationError(_("This form's code is unknown or has already been entered."))
            return SurveyResponse.objects.create(
                organisation=survey.organisation,
                survey=survey,
                answers=answers,
                channel=channel,
                token_hash=token_hash,
            )
    except IntegrityError:
        raise ValidationError(already) from None
