"""Permissions of the ITA app (autodiscovered by django-rules)."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("ita.view_results", is_org_member)
rules.add_perm("ita.edit_results", is_org_member & has_role("analyst", "org_admin", "clerk"))
# Loading a province's or the country's results, and correcting a framework, serve every
# organisation on the server: system administrators only.
rules.add_perm("ita.import_results", rules.is_superuser)
rules.add_perm("ita.edit_framework", rules.is_superuser)
