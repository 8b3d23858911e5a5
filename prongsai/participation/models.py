"""Public participation: the community council (สภาประชาคม), consultations with "you said, we did",
and satisfaction surveys that predict EIT indicators 6–8.

Privacy: no model stores a client address or browser string. A council member's contact details
are staff-only; citizens may comment anonymously; survey answers carry only a hashed token.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.models import Person, TenantModel, Unit, User
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.thai.names import prefix_choices


def digest(secret: str) -> str:
    """Codes and tokens are kept only as hashes, so the database alone cannot vote or comment."""
    return hashlib.sha256(secret.strip().upper().encode()).hexdigest()


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CouncilMember(TenantModel):
    prefix = models.CharField(_("title prefix"), max_length=50, choices=prefix_choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    village_no = models.PositiveSmallIntegerField(_("village no. (หมู่ที่)"), null=True, blank=True)
    community = models.CharField(_("community"), max_length=200, blank=True)
    role = models.CharField(
        _("council role"), max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER
    )
    appointed_by = models.CharField(_("appointed by (order no.)"), max_length=200, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    ended_on = models.DateField(_("left the council on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    # Private: shown to staff only, never on public pages.
    phone = models.CharField(_("phone (private)"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail (private)"), blank=True)
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["village_no", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.prefix}{self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors = {}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("The term must end after it starts.")
        elif self.term_start and self.term_end and (self.term_end - self.term_start).days > 5 * 366:
            errors["term_end"] = _("A term may last at most five years.")
        if (
            self.ended_on
            and self.term_start
            and not (self.term_start <= self.ended_on <= (self.term_end or self.ended_on))
        ):
            errors["ended_on"] = _("The leaving date must fall within the term.")
        if self.ended_on and not self.end_reason.strip():
            errors["end_reason"] = _("Say why the member left.")
        if errors:
            raise ValidationError(errors)

    def serves_on(self, day) -> bool:
        end = min(self.term_end, self.ended_on) if self.ended_on else self.term_end
        return self.term_start <= day <= end


class Meeting(TenantModel):
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True)
    attendees = models.ManyToManyField(
        CouncilMember, blank=True, related_name="meetings", verbose_name=_("present")
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ConsultationKind(models.TextChoices):
    SERVICE = "service", _("A service")
    PLAN = "plan", _("A plan or measure")
    RULE = "rule", _("A draft rule")


class Consultation(TenantModel):
    title = models.CharField(_("topic"), max_length=300)
    kind = models.CharField(_("about"), max_length=10, choices=ConsultationKind.choices)
    description = models.TextField(_("description"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    is_published = models.BooleanField(_("shown to the public"), default=True)
    measure = models.CharField(_("measure or service concerned"), max_length=300, blank=True)
    measure_url = models.URLField(_("link to the measure or service"), blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The consultation must close on or after the day it opens.")}
            )

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_published and self.opens_on <= today <= self.closes_on


class ConsultationDocument(TenantModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    # A storage path, not a FileField: the audit log snapshots rows as JSON, which a FieldFile is not.
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation_public:document",
            kwargs={"org_slug": self.organisation.slug, "consultation_document_id": self.pk},
        )


class Theme(TenantModel):
    """A theme of the comments, the organisation's answer, and what it changed ("you said, we did")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=300)
    you_said = models.TextField(_("what people said"))
    answer = models.TextField(_("our answer"), blank=True)
    we_did = models.TextField(_("what we changed"), blank=True)
    changed_on = models.DateField(_("changed on"), null=True, blank=True)
    measure = models.CharField(_("measure or service changed"), max_length=300, blank=True)
    measure_url = models.URLField(_("link to the measure or service"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.we_did.strip() and not self.changed_on:
            raise ValidationError({"changed_on": _("Give the date of the change.")})


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REFUSED = "refused", _("refused")


class Comment(TenantModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("comment"))
    author_name = models.CharField(_("name shown"), max_length=200, blank=True)  # blank: anonymous
    member = models.ForeignKey(
        CouncilMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("verified council member"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:60]


def current_fiscal_year() -> int:
    """A survey predicts the EIT of the fiscal year it runs in: the current one, from the clock."""
    return fiscal_year_of(timezone.localdate())


class SurveyPeriod(TenantModel):
    """The days a survey takes answers: the citizens' satisfaction survey and the staff survey."""

    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The survey must close on or after the day it opens.")})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class Survey(SurveyPeriod):
    title = models.CharField(_("title"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit"))
    service = models.CharField(_("service"), max_length=300)
    ita_year = models.PositiveSmallIntegerField(_("EIT questions of ITA year"), default=current_fiscal_year)
    # Answered only with a single-use code (printed, or in an invitation's QR code): one per code.
    invitation_only = models.BooleanField(_("by invitation only (single-use codes)"), default=False)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title


class PaperCode(TenantModel):
    """A single-use code printed on one paper form; typed in with the answers, it counts once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="paper_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "code_hash"], name="paper_code_once")]


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper")


class SurveyResponse(TenantModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)  # question code -> option index
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    token_hash = models.CharField(max_length=64)  # of the browser's token or the paper code
    submitted_on = models.DateField(default=timezone.localdate)  # a day, not a time: less to link

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "token_hash"], name="one_response_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


# --- the internal staff survey (IIT) ----------------------------------------------------------------
# Anonymity is structural: an invitation names the person but not the token; a token row holds
# only a hash and a used flag (no time, no person, no answer); a response holds the answers and
# the day, and no token. Tokens and responses are not in the audit log, whose times and actors
# would join them again (`iit.py` says what is recorded instead).

MIN_RESPONDENTS = 5  # below this, nothing is shown: a small group's answers could be told apart


class StaffSurvey(SurveyPeriod):
    """An internal survey of the organisation's own staff that predicts IIT indicators 1–5."""

    title = models.CharField(_("title"), max_length=300)
    ita_year = models.PositiveSmallIntegerField(_("IIT questions of ITA year"), default=current_fiscal_year)

    class Meta:
        verbose_name = _("staff survey (IIT)")
        verbose_name_plural = _("staff surveys (IIT)")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title


class StaffSurveyPolicy(TenantModel):
    """How many people must answer before anything is shown (per organisation; never under 5)."""

    min_respondents = models.PositiveSmallIntegerField(
        _("answers needed before results are shown"),
        default=MIN_RESPONDENTS,
        validators=[MinValueValidator(MIN_RESPONDENTS), MaxValueValidator(1000)],
    )

    class Meta:
        verbose_name = _("staff survey policy")
        verbose_name_plural = _("staff survey policies")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="staff_survey_policy_once")]

    def __str__(self) -> str:
        return str(self.min_respondents)


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SLIP = "slip", _("printed slip")


class StaffInvitation(TenantModel):
    """That a person was invited, so nobody gets two tokens; never which token they got."""

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("sent by"), max_length=10, choices=InvitationChannel.choices)
    issued_on = models.DateField(_("invited on"), default=timezone.localdate)
    sent = models.BooleanField(_("delivered"), default=False)  # e-mail: handed to the mail server

    class Meta:
        verbose_name = _("staff survey invitation")
        verbose_name_plural = _("staff survey invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="staff_invitation_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.person_id}"


class StaffToken(TenantModel):
    """A token's hash and whether it was used: no time, no person, no answer."""

    AUDITED = False  # issuing is one bulk entry (count only); a burn's entry would date the answer

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "token_hash"], name="staff_token_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{'used' if self.used else 'open'}"


class StaffResponse(TenantModel):
    """One person's answers: no token, no login, no time of day."""

    AUDITED = False  # an entry would carry the time and the signed-in actor

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)  # question code -> option index
    comment = models.TextField(_("suggestions"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("staff survey response")
        verbose_name_plural = _("staff survey responses")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"
