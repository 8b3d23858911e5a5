"""Words for the codes that histories and the audit log keep.

Rows store short codes ("approve", "documents.return", "complaints.read_case") so that they stay
stable across languages; pages show these words instead. A code means different things in
different apps ("return" sends a memo back, or brings a borrowed item back), so a label is
looked up as "<app>.<code>" first, then as the bare code.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

LABELS = {
    # what every model's audit entries say
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "read": _("opened"),
    "edit": _("edited"),
    # documents
    "submit": _("submitted for approval"),
    "resubmit": _("resubmitted"),
    "approve": _("approved"),
    "documents.return": _("returned for changes"),
    "reassign": _("step reassigned"),
    "superseded": _("replaced by a new version"),
    "seal": _("sealed"),
    "publish": _("published"),
    # property loans
    "request": _("requested"),
    "endorse": _("endorsed (first level)"),
    "refuse": _("refused"),
    "cancel": _("cancelled"),
    "hand_over": _("handed over"),
    "property.return": _("returned"),
    # confidential reads and other recorded events
    "complaints.read_case": _("opened a complaint"),
    "complaints.read_case_break_glass": _("opened a complaint in an emergency (break-glass)"),
    "complaints.break_glass_refused": _("emergency access refused"),
    "complaints.read_file": _("opened a complaint's file"),
    "disclosure.read_message": _("opened a message to an executive"),
    "participation.read_member_contact": _("opened a council member's contact details"),
    "core.read_person": _("opened a person's details"),
    "core.invitation_sent": _("invitation sent"),
    "participation.iit_tokens_issued": _("staff survey codes issued"),
    "property.import": _("imported the property register"),
    "procurement.import": _("imported procurement data"),
    "ita.import": _("imported ITA results"),
}


def action_label(code: str, app: str = "") -> str:
    """The words for `code`; an audit code "documents.approve" is read as app + code."""
    if not app and "." in code:
        app = code.split(".", 1)[0]
    bare = code.split(".", 1)[1] if "." in code else code
    for key in (f"{app}.{bare}", code, bare):
        if key in LABELS:
            return str(LABELS[key])
    return code


# Columns whose models leave their names to Django ("created at"): said in words here, and
# bookkeeping columns nobody edits, left out of the list of what changed.
COLUMNS = {
    "created at": _("created at"),
    "updated at": _("updated at"),
    "checked at": _("checked at"),
    "uploaded at": _("uploaded at"),
    "rules acknowledged at": _("rules acknowledged at"),
    "content type": _("file type"),
    "state": _("state"),
    "item": _("item"),
    "action": _("action"),
    "at": _("when"),
    "by": _("by whom"),
    "from state": _("state before"),
    "to state": _("state after"),
    "loan": _("loan"),
    "note": _("note"),
    "code key": _("sort key of the code"),
    "measure": _("measure"),
    "plan": _("the plan"),
    "step": _("step"),
    "update": _("progress report"),
    "person": _("person"),
    "survey": _("the survey"),
    "count": _("how many"),
}
BOOKKEEPING = {"id", "organisation"}


def field_labels(object_type: str, names) -> list[str]:
    """Column names of an audit entry's changes as the model calls them ("title" -> "ชื่อเรื่อง")."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return list(names)
    shown = []
    for name in names:
        if name in BOOKKEEPING:
            continue
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
        shown.append(str(COLUMNS.get(label, label)))
    return shown


MODELS = {
    "loan event": _("loan history"),
    "asset photo": _("asset photo"),
    "stocktake line": _("stocktake line"),
}


def model_label(object_type: str) -> str:
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
    return str(MODELS.get(name, name))
