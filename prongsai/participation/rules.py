"""Permissions of the participation app (autodiscovered by django-rules)."""

import rules

from prongsai.core.access import has_role, is_org_member

manager = is_org_member & has_role("participation_officer", "analyst", "clerk", "org_admin")

rules.add_perm("participation.view", is_org_member)
rules.add_perm("participation.manage", manager)
# Council members' phone numbers and e-mail addresses are private: only those who run the council.
rules.add_perm("participation.view_contacts", manager)
rules.add_perm(
    "participation.moderate",
    is_org_member & has_role("participation_officer", "clerk", "org_admin", "analyst"),
)

# Free-text answers of the staff survey (IIT): the analyst only, never those who run invitations.
rules.add_perm("participation.read_staff_remarks", is_org_member & has_role("analyst"))
