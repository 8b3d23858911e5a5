"""What each kind of entry is called on the page (one short label per provider's kind), and how
its deadline reads: worked out here once per entry, so the list's template only prints them."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prongsai.core.templatetags.thai import thai_date, thai_digits

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


def deadline(entry) -> tuple[str, str]:
    """(class, words) of the entry's deadline: late in red, due within two working days in amber."""
    if entry.due is None:
        return "muted", gettext("no deadline")
    date = thai_date(entry.due, "short")
    if entry.late:
        values = {"date": date, "n": thai_digits(entry.days_late)}
        return "badge bad", gettext("due %(date)s, %(n)s working days late") % values
    if entry.days_left == 0:
        return "badge warn", gettext("due today, %(date)s") % {"date": date}
    values = {"date": date, "n": thai_digits(entry.days_left)}
    words = gettext("by %(date)s, %(n)s working days left") % values
    return "badge warn" if entry.days_left <= 2 else "muted", words


def rows(entries) -> list[tuple]:
    """(entry, label, class of its deadline, its deadline in words) for `workplace/_entries.html`."""
    return [(entry, label_of(entry.kind), *deadline(entry)) for entry in entries]
