"""The life of a complaint, as data: states, the actions allowed in each, and deadlines.

Assumptions:
- A complaint moves only through `TRANSITIONS`; anything else is refused (see actions.transition).
- Every transition needs a reason; a referral also names the competent agency.
- Deadlines are Thai working days (weekends and the `Holiday` table), counted from the day the
  case entered its state (`deadlines.py`). Defaults, and where they come from:
  - a first answer to the complainant within 15 days of receipt: the Royal Decree on Good
    Governance B.E. 2546 (พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี
    พ.ศ. ๒๕๔๖), section 38, and the ITA evidence item "report to the complainant within 15 days";
    the decree says days, we count working days, which is the more lenient reading: an
    organisation that reads calendar days sets its own figures;
  - screening within 3 working days, investigation 30, conclusion and closing 15: common
    practice in municipal complaint manuals (คู่มือการจัดการเรื่องร้องเรียน), not a rule;
    each organisation writes its own in its manual.
  Override for the whole server with settings.COMPLAINTS_DEADLINES = {"screening": 10, ...},
  and per organisation on the centre page (CentreSettings.deadlines), which wins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint state", "Received")  # not the date column "ได้รับเมื่อ"
    SCREENING = "screening", _("Screening")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    REFERRED = "referred", _("Referred to the competent agency")
    INVESTIGATING = "investigating", _("Under investigation")
    CONCLUDED = "concluded", _("Concluded")
    CLOSED = "closed", _("Closed")


class Action(models.TextChoices):
    SCREEN = "screen", _("Start screening")
    ACCEPT = "accept", _("Accept for investigation")
    REJECT = "reject", _("Do not accept")
    REFER = "refer", _("Refer to the competent agency")
    CONCLUDE = "conclude", _("Record the conclusion")
    CLOSE = "close", _("Close the case")


# (state, action) -> new state. The whole machine; nothing else moves a case.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.RECEIVED, Action.SCREEN): State.SCREENING,
    (State.SCREENING, Action.ACCEPT): State.INVESTIGATING,
    (State.SCREENING, Action.REJECT): State.NOT_ACCEPTED,  # outside the centre's remit, or no substance
    (State.SCREENING, Action.REFER): State.REFERRED,  # e.g. to the NACC/PACC when a executive is named
    (State.INVESTIGATING, Action.REFER): State.REFERRED,  # facts show another agency is competent
    (State.INVESTIGATING, Action.CONCLUDE): State.CONCLUDED,
    (State.CONCLUDED, Action.CLOSE): State.CLOSED,
    (State.NOT_ACCEPTED, Action.CLOSE): State.CLOSED,
    (State.REFERRED, Action.CLOSE): State.CLOSED,
}

# Actions that need more than a reason.
NEEDS_AGENCY = {Action.REFER}

# Working days allowed in each state before the case is overdue; None = no deadline.
DEFAULT_DEADLINES: dict[str, int | None] = {
    State.RECEIVED: 3,
    State.SCREENING: 15,
    State.INVESTIGATING: 30,
    State.CONCLUDED: 15,
    State.NOT_ACCEPTED: 15,
    State.REFERRED: 15,
    State.CLOSED: None,
}

OPEN_STATES = [s for s in State if s != State.CLOSED]

# What the complainant sees: plain words, no internal detail.
PUBLIC_LABELS = {
    State.RECEIVED: _("Received, waiting for screening"),
    State.SCREENING: _("Being screened by the complaint centre"),
    State.NOT_ACCEPTED: _("Not accepted (see the messages for the reason)"),
    State.REFERRED: _("Referred to the competent agency"),
    State.INVESTIGATING: _("Under investigation"),
    State.CONCLUDED: _("Investigation concluded"),
    State.CLOSED: _("Closed"),
}


def actions_from(state: str) -> list[Action]:
    return [Action(action) for (source, action) in TRANSITIONS if source == state]


def next_state(state: str, action: str) -> str | None:
    return TRANSITIONS.get((state, action))


def deadline_days(state: str, organisation_overrides: dict | None = None) -> int | None:
    """Working days allowed in `state`: the organisation's figure, the server's, or the default."""
    for overrides in (organisation_overrides or {}, getattr(settings, "COMPLAINTS_DEADLINES", {}) or {}):
        if str(state) in overrides:
            return overrides[str(state)]
    return DEFAULT_DEADLINES.get(state)
