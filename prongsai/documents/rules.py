"""Permissions of the documents app (autodiscovered by django-rules).

Any staff member may read the organisation's documents (they are internal correspondence, not
confidential); deciding a step is checked per step (`workflow.may_decide`), editing per sender.
"""

import rules

from prongsai.core.access import has_role, is_org_member

rules.add_perm("documents.view_document", is_org_member)
rules.add_perm("documents.add_document", is_org_member & has_role("analyst", "org_admin", "clerk"))
rules.add_perm("documents.reassign_step", is_org_member & has_role("org_admin", "clerk", "analyst"))
# Who approves what is the organisation's decision: its administrator or the clerk sets it.
rules.add_perm("documents.configure", is_org_member & has_role("org_admin", "clerk"))
# The register books: anyone may read them; the clerk's office records what comes in.
rules.add_perm("documents.keep_register", is_org_member & has_role("org_admin", "clerk", "analyst"))
