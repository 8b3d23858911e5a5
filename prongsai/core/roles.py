"""Roles are data on a position, never group checks in code.

A person's permissions come from the roles of the position they hold and from where that
position sits in the chain of command (see `access.py`). Modules add their roles here.
"""

from django.utils.translation import gettext_lazy as _

ROLES = {
    # code: (label, needs two-factor authentication)
    "org_admin": (_("Organisation administrator: structure and people"), True),
    "analyst": (_("Policy analyst: ITA results, measures and documents"), False),
    "unit_head": (_("Unit head: follows up the unit's work"), False),
    "clerk": (_("Municipal clerk: supervises all units"), False),
    "executive": (_("Executive: mayor or deputy"), False),
    "complaints_officer": (_("Complaint centre officer: reads confidential complaints"), True),
    "complaints_head": (_("Head of the complaint centre: deadlines, exclusions, break-glass notices"), True),
    "staff": (_("Staff member"), False),
    "participation_officer": (_("Participation officer: community council, consultations, surveys"), False),
    "publisher": (_("Disclosure officer: publishes OIT items and procurement summaries"), False),
    "property_officer": (_("Property officer: keeps the register, hands items over and back"), False),
}

ROLE_CHOICES = [(code, label) for code, (label, _two_factor) in ROLES.items()]


def roles_need_two_factor(roles: list[str]) -> bool:
    return any(ROLES.get(code, ("", False))[1] for code in roles)
