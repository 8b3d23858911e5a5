"""Permissions of the plans app (autodiscovered by django-rules); row rules live in access.py."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("plans.view_plans", is_org_member)
rules.add_perm("plans.edit_plans", is_org_member & has_role("analyst", "clerk"))
