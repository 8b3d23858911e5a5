"""The internal staff survey (IIT, แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน): invitations,
single-use tokens, answers and the predicted indicators 1–5.

Why it is built this way:
- One token per invited person. A token is drawn only when its invitation is delivered (by the
  e-mail task, or on the slip page, shown once), and kept only as a hash in `StaffToken` rows
  written in random order. `StaffInvitation` says that a person was invited, never which token.
- Answering burns the token (its `used` flag; no time) and writes a `StaffResponse` that holds no
  token, no login and only the day. Neither is in the audit log, whose times and actors would join
  them again; issuing is one audit entry on the survey with the count.
- Nothing is shown until the organisation's threshold of answers (`StaffSurveyPolicy`, at least 5)
  is reached. Free text goes to analysts only, with the respondent's unit only where at least 5
  people of that unit answered.
- The prediction is the ITA arithmetic (`scoring.score`, then the framework's indicator weights),
  so it is a prediction of IIT 1–5, never an official figure.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.core import audit, jobs
from prongsai.core.models import Organisation, Person
from prongsai.ita.framework import Framework
from prongsai.ita.scoring import round2
from prongsai.participation import scoring
from prongsai.participation.actions import CODE_ALPHABET
from prongsai.participation.models import (
    MIN_RESPONDENTS,
    InvitationChannel,
    StaffInvitation,
    StaffResponse,
    StaffSurvey,
    StaffSurveyPolicy,
    StaffToken,
    digest,
)

TOKEN_LENGTH = 12  # 32^12 = 2^60: typed from a slip, never guessed
IIT = "IIT"
HUNDRED = Decimal(100)


class TokenRefused(ValidationError):
    """An invitation code that cannot answer: `status` is the HTTP status the page answers with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def threshold(organisation: Organisation) -> int:
    """How many answers the organisation needs before anything is shown (never fewer than 5)."""
    value = StaffSurveyPolicy.objects.for_org(organisation).values_list("min_respondents", flat=True).first()
    return max(value or MIN_RESPONDENTS, MIN_RESPONDENTS)


# --- invitations ------------------------------------------------------------------------------------


def address_of(person: Person) -> str:
    return (person.email or (person.user.email if person.user_id else "")).strip()


def staff(organisation: Organisation) -> QuerySet[Person]:
    """Who is asked: people in post with a login or an e-mail address."""
    return (
        Person.objects.for_org(organisation)
        .filter(is_active=True)
        .filter(Q(user__isnull=False) | ~Q(email=""))
        .select_related("user", "position__unit")
        .order_by("first_name", "last_name", "pk")
    )


def not_invited(survey: StaffSurvey) -> QuerySet[Person]:
    return staff(survey.organisation).exclude(pk__in=survey.invitations.values("person_id"))


def _draw(survey: StaffSurvey, count: int) -> list[str]:
    """`count` new tokens, their hashes stored in random order; the tokens are returned shuffled."""
    tokens: set[str] = set()
    while len(tokens) < count:
        tokens.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(TOKEN_LENGTH)))
    drawn = list(tokens)
    random.SystemRandom().shuffle(drawn)
    StaffToken.objects.bulk_create(
        StaffToken(organisation=survey.organisation, survey=survey, token_hash=token_hash(survey, t))
        for t in drawn
    )
    audit.record(survey, "participation.iit_tokens_issued", changes={"count": count})
    return drawn


def token_hash(survey: StaffSurvey, token: str) -> str:
    return digest(f"iit:{survey.pk}:{normalise(token)}")


def normalise(token: str) -> str:
    """What a person types from a slip: spaces and dashes between groups do not count."""
    return "".join(ch for ch in (token or "").upper() if ch.isalnum())[:40]


def answer_url(survey: StaffSurvey, token: str = "") -> str:
    path = reverse(
        "participation_public:staff_survey",
        kwargs={"org_slug": survey.organisation.slug, "staff_survey_id": survey.pk},
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}" + (f"?t={token}" if token else "")


def spaced(token: str) -> str:
    """ABCD EFGH JKLM: easier to read from paper."""
    return " ".join(token[i : i + 4] for i in range(0, len(token), 4))


def invite_by_email(survey: StaffSurvey, people: Iterable[Person]) -> int:
    """Record e-mail invitations for those with an address; the task draws and sends the tokens.

    Any e-mail invitation still undelivered (a mail server that was down) is sent again too."""
    from prongsai.participation.tasks import send_staff_invitations

    invited = 0
    with transaction.atomic():
        for person in people:
            if address_of(person):
                _, created = StaffInvitation.objects.get_or_create(
                    organisation=survey.organisation, survey=survey, person=person,
                    defaults={"channel": InvitationChannel.EMAIL},
                )  # fmt: skip
                invited += created
        if survey.invitations.filter(channel=InvitationChannel.EMAIL, sent=False).exists():
            transaction.on_commit(
                lambda: jobs.enqueue(send_staff_invitations, survey.pk, on_error=lambda exc: None)
            )
    return invited


def deliver_emails(survey: StaffSurvey, send) -> int:
    """Draw a token for every e-mail invitation not yet delivered and hand it to `send(address, token)`.

    Safe to repeat: a delivered invitation is marked and skipped; a token drawn for a message that
    then failed is never seen by anyone and only stays unused."""
    waiting = list(
        survey.invitations.filter(channel=InvitationChannel.EMAIL, sent=False).select_related("person__user")
    )
    if not waiting:
        return 0
    tokens = _draw(survey, len(waiting))
    sent = 0
    for invitation, token in zip(waiting, tokens, strict=True):
        send(address_of(invitation.person), token)
        audit.update_rows(StaffInvitation.objects.filter(pk=invitation.pk), sent=True)
        sent += 1
    return sent


def issue_slips(survey: StaffSurvey, people: Iterable[Person]) -> list[str]:
    """Printed invitations for these people (shown once, in an order unrelated to the names)."""
    with transaction.atomic():
        fresh = [
            p
            for p in people
            if StaffInvitation.objects.get_or_create(
                organisation=survey.organisation, survey=survey, person=p,
                defaults={"channel": InvitationChannel.SLIP, "sent": True},
            )[1]
        ]  # fmt: skip
        return _draw(survey, len(fresh)) if fresh else []


# --- answering --------------------------------------------------------------------------------------


def token_state(survey: StaffSurvey, token: str) -> str:
    """ "open", "used" or "unknown"."""
    if not normalise(token):
        return "unknown"
    used = (
        StaffToken.objects.for_org(survey.organisation)
        .filter(survey=survey, token_hash=token_hash(survey, token))
        .values_list("used", flat=True)
        .first()
    )
    return "unknown" if used is None else "used" if used else "open"


def refusal(state: str) -> TokenRefused:
    if state == "used":
        return TokenRefused(
            _("This invitation code has already been used. Each code answers the survey once."), 409
        )
    return TokenRefused(
        _("This invitation code is not valid for this survey. Check the code on your invitation."), 403
    )


def submit(survey: StaffSurvey, token: str, raw_answers, *, comment: str = "", unit=None) -> StaffResponse:
    """Burn the token and store the answers, in one transaction; TokenRefused or ValidationError."""
    if not survey.is_open():
        raise ValidationError(_("This survey is closed; answers are no longer accepted."))
    answers = scoring.clean_answers(scoring.iit_questions(survey.ita_year), raw_answers)
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    if unit is not None and unit.organisation_id != survey.organisation_id:
        unit = None
    with transaction.atomic():
        burnt = (
            StaffToken.objects.for_org(survey.organisation)
            .filter(survey=survey, token_hash=token_hash(survey, token), used=False)
            .update(used=True)  # not audited, by design: see the module docstring
        )
        if not burnt:
            raise refusal(token_state(survey, token))
        return StaffResponse.objects.create(
            organisation=survey.organisation,
            survey=survey,
            answers=answers,
            comment=comment.strip()[:4000],
            unit=unit,
        )


# --- the prediction ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    year: int
    responses: int
    needed: int
    questions_year: int | None  # the framework year the questions come from
    result: scoring.SurveyResult | None  # None while fewer than `needed` answered
    tool_score: Decimal | None  # IIT as a % of its maximum, with the framework's indicator weights
    points: Decimal | None  # IIT's share of the ITA total (out of the tool's weight, e.g. 30)

    @property
    def shown(self) -> bool:
        return self.result is not None

    @property
    def missing(self) -> int:
        return max(self.needed - self.responses, 0)

    @property
    def indicators(self) -> dict[int, Decimal | None]:
        return self.result.indicators if self.result else {}


def tool_figures(framework: Framework, indicators: dict[int, Decimal | None]) -> tuple[Decimal | None, ...]:
    """IIT as % of its maximum and its points of the total: Σ score × weight, as `ita.scoring` does."""
    group = framework.group(IIT)
    values = [indicators.get(code) for code in group.indicators]
    if not values or any(v is None for v in values):
        return None, None
    weighted = sum((v * framework.indicator(c).weight for c, v in zip(group.indicators, values, strict=True)))
    return round2(weighted / group.weight_total), round2(weighted / HUNDRED)


def predict(organisation: Organisation, year: int, answers: Iterable[dict]) -> Prediction:
    from prongsai.ita.results import framework_for

    source_year, questions = scoring.iit_source(year)
    rows = list(answers)
    needed = threshold(organisation)
    if len(rows) < needed:
        return Prediction(year, len(rows), needed, source_year, None, None, None)
    result = scoring.score(questions, rows)
    tool, points = tool_figures(framework_for(year), result.indicators)
    return Prediction(year, len(rows), needed, source_year, result, tool, points)


def survey_prediction(survey: StaffSurvey) -> Prediction:
    answers = StaffResponse.objects.for_org(survey.organisation).filter(survey=survey)
    return predict(survey.organisation, survey.ita_year, answers.values_list("answers", flat=True).iterator())


def year_prediction(organisation: Organisation, year: int) -> Prediction:
    """Every staff survey of an ITA year together (the command's `survey predict --tool iit`)."""
    answers = StaffResponse.objects.for_org(organisation).filter(survey__ita_year=year)
    return predict(organisation, year, answers.values_list("answers", flat=True).iterator())


@dataclass(frozen=True)
class Remark:
    text: str
    unit: str  # "" where the unit is not given or fewer than 5 of its people answered


def remarks(survey: StaffSurvey) -> list[Remark]:
    """Free-text answers for the analyst, in no particular order of arrival; none below the threshold."""
    rows = list(
        StaffResponse.objects.for_org(survey.organisation)
        .filter(survey=survey)
        .values_list("comment", "unit__name_th")
    )
    if len(rows) < threshold(survey.organisation):
        return []
    per_unit = Counter(unit for _, unit in rows if unit)
    shown = [
        Remark(text, unit if unit and per_unit[unit] >= MIN_RESPONDENTS else "")
        for text, unit in rows
        if text.strip()
    ]
    return sorted(shown, key=lambda r: (r.unit == "", r.unit, r.text))
