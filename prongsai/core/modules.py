"""The modules of Prongsai as the navigation shows them; a module without a URL is still to come."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    summary: str
    staff_url_name: str = ""
    public_url_name: str = ""


MODULES = [
    Module(
        "ita",
        _("ITA results"),
        _("Scores, grades and the weak points to fix"),
        "ita:results",
        "ita_public:results",
    ),
    Module(
        "plans",
        _("Integrity measures"),
        _("The measures plan and its 6- and 12-month reports"),
        "plans:index",
        "plans_public:index",
    ),
    Module("documents", _("Official documents"), _("Memos and their approval chain"), "documents:index"),
    Module(
        "complaints",
        _("Complaint centre"),
        _("Corruption and misconduct complaints"),
        "complaints:index",
        "complaints_public:index",
    ),
    Module(
        "disclosure",
        _("Disclosure (OIT)"),
        _("What the organisation publishes"),
        "disclosure:index",
        "disclosure_public:index",
    ),
    Module(
        "property",
        _("Government property"),
        _("Register, borrowing and return"),
        "property:index",
        "property_public:index",
    ),
    Module(
        "participation",
        _("Participation"),
        _("Community council, consultations, surveys"),
        "participation:index",
        "participation_public:index",
    ),
    Module(
        "integrity",
        _("Corruption risks and action plan"),
        _("Risk assessment, heat map, anti-corruption projects and their progress"),
        "integrity:index",
        "integrity_public:index",
    ),
]
