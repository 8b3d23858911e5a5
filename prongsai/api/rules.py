"""Permissions of the API app (autodiscovered by django-rules): tokens are the administrator's."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("api.manage_tokens", is_org_member & has_role("org_admin"))
