"""Permissions of the complaint centre (autodiscovered by django-rules).

Only officers of the centre handle cases; no other role, not even the mayor, and not a
superuser: views test these rules with `rules.has_perm`, which ignores Django's superuser
shortcut, so a system administrator without the role cannot read case content.
"""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("complaints.handle_cases", is_org_member & has_role("complaints_officer"))
# The centre's own view of itself (late cases, exclusions, break-glass grants): no case content.
rules.add_perm("complaints.see_centre", is_org_member & has_role("complaints_officer", "complaints_head"))
# Deadlines, the appointment order, the manual and publishing to the portal.
rules.add_perm("complaints.manage_centre", is_org_member & has_role("complaints_head", "org_admin"))
