"""Permissions of the integrity app (autodiscovered by django-rules); row rules live in access.py."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("integrity.view_integrity", is_org_member)
rules.add_perm("integrity.edit_risks", is_org_member & has_role("analyst", "unit_head", "clerk"))
rules.add_perm("integrity.approve_register", is_org_member & has_role("clerk"))
rules.add_perm("integrity.manage_integrity", is_org_member & has_role("analyst", "clerk"))

# Declarations (declarations.py): everyone makes and reads their own; the clerk reads everyone's.
rules.add_perm("integrity.view_declarations", is_org_member)
rules.add_perm("integrity.read_all_declarations", is_org_member & has_role("clerk"))
rules.add_perm(
    "integrity.view_declaration_statistics", is_org_member & has_role("analyst", "clerk", "executive")
)
# Procurement red flags: staff see the rows; the analyst or the clerk recomputes the national table.
rules.add_perm("integrity.view_redflags", is_org_member)
rules.add_perm("integrity.recompute_redflags", is_org_member & has_role("analyst", "clerk"))
