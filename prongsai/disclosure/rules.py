"""Permissions of the disclosure portal (autodiscovered by django-rules)."""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("disclosure.view", is_org_member)
rules.add_perm("disclosure.publish", is_org_member & has_role("publisher", "analyst", "clerk", "org_admin"))
rules.add_perm("disclosure.manage_executives", is_org_member & has_role("publisher", "clerk", "org_admin"))
# Messages to executives: the executive they are addressed to, and the municipal clerk who
# supervises the office that follows them up. Which rows each sees is decided in `messages_for`.
rules.add_perm("disclosure.read_messages", is_org_member & has_role("executive", "clerk"))
