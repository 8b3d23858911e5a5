"""What each kind of entry is called on the page (one short label per provider's kind)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "documents.decide": _("Document to decide"),
    "documents.revise": _("Document returned to you"),
    "plans.step": _("Plan step due"),
    "plans.review": _("Plan update to review"),
    "complaints.case": _("Complaint case"),
    "property.approve": _("Loan to decide"),
    "property.hand_over": _("Loan to hand over"),
    "property.chase": _("Loan to take back"),
    "property.return": _("Property to return"),
    "participation.moderate": _("Comments to moderate"),
    "disclosure.answer": _("Message to answer"),
    "disclosure.publish": _("OIT item missing"),
}


def label_of(kind: str) -> str:
    return str(LABELS.get(kind, kind))
