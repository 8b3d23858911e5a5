"""Permissions of the property app (autodiscovered by django-rules).

Who approves a particular loan is decided by the chain of command in `actions.can`; these are
the coarse page permissions.
"""

import rules

from prongsai.core.access import has_role, is_org_member

KEEPERS = has_role("property_officer", "org_admin", "clerk")
SUPERVISORS = has_role("property_officer", "unit_head", "clerk", "executive", "org_admin")

rules.add_perm("property.view_register", is_org_member)
rules.add_perm("property.borrow", is_org_member)
rules.add_perm("property.manage_register", is_org_member & KEEPERS)
rules.add_perm("property.manage_rules", is_org_member & KEEPERS)
rules.add_perm("property.view_reports", is_org_member & SUPERVISORS)
