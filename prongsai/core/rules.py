"""Permissions of the core app (autodiscovered by django-rules)."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("core.view_dashboard", is_org_member)
rules.add_perm("core.view_structure", is_org_member)
rules.add_perm("core.manage_structure", is_org_member & has_role("org_admin"))
rules.add_perm("core.view_audit", is_org_member & has_role("org_admin", "clerk"))
# A second person's decision on someone moving themselves into a position (assignments.py).
rules.add_perm("core.decide_assignments", is_org_member & has_role("org_admin", "complaints_head"))
# The national administrator (a superuser) creates organisations (setup_views.py).
rules.add_perm("core.create_organisations", rules.is_superuser)
