"""What keeps a flood off the public channels of participation, without knowing who is asking.

Nothing here reads an address or trusts the browser: a cookie or session can be dropped, so no
limit lives there. Each submission pays the complaint centre's proof of work (`complaints/pow.py`,
the same challenge and browser script, its price rising with the organisation's load), and
counters in the shared throttle cache cap bursts per survey, per consultation and per executive.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from prongsai.complaints import pow
from prongsai.core import throttle

# name: (max events, window seconds); settings.PARTICIPATION_LIMITS may change them.
DEFAULT_LIMITS = {
    "survey": (60, 600),  # online answers to one survey per 10 minutes
    "comments": (60, 600),  # comments on one consultation
    "member": (5, 600),  # comments signed with one council member's code
    "contact": (10, 600),  # messages to one executive
    "contact_org": (60, 600),  # messages to all executives of one organisation
}


def limit(name: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **(getattr(settings, "PARTICIPATION_LIMITS", {}) or {})}[name]


def take(name: str, scope: str) -> bool:
    """Count one event; False once the window's limit is passed (the event is refused)."""
    most, window = limit(name)
    return throttle.hit(f"participation-{name}", scope, window) <= most


def challenge(organisation) -> dict:
    """What a public form carries for the browser's proof of work (see pow.js)."""
    value = pow.new_challenge(organisation.pk)
    return {"pow_challenge": value, "pow_bits": pow.challenge_bits(value)}


def unpaid(organisation, data) -> str:
    """"" when the submission's proof of work is valid and unused; else the message to show."""
    problem = pow.check(data.get("pow_challenge", ""), data.get("pow_counter", ""), organisation.pk)
    if problem is None:
        return ""
    if problem == "unpaid":
        return _(
            "Please wait a few seconds and send the form again (this protects it from automatic submissions)."
        )
    return _("The form has expired or was already sent; please send it again.")


def busy() -> str:
    return _("Too many submissions in a short time. Please wait a few minutes and try again.")
