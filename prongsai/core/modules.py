"""The modules of Prongsai as the navigation shows them; a module without a URL is still to come.

A staff entry names the permission its page checks (`staff_permission`, the rule the view's
`permission_required` asks), so a menu shows only what its reader can open. A confidential module's
page asks its rule directly (`rules.has_perm`), so a superuser is held to it like everyone else.
"""

import functools
from dataclasses import dataclass

import rules
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    summary: str
    staff_url_name: str = ""
    public_url_name: str = ""
    staff_permission: str = ""
    confidential: bool = False  # the view asks rules.has_perm: no superuser bypass

    @property
    def staff_url(self) -> str:
        """The staff page's address, as `{% url %}` gives it (worked out once per process)."""
        return _address(self.staff_url_name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=64)
def _address(url_name: str, urlconf, prefix: str) -> str:
    # Every staff page's menu lists the modules: the same few addresses, thousands of times.
    return reverse(url_name, urlconf=urlconf)


MODULES = [
    Module(
        "ita",
        _("ITA results"),
        _("Scores, grades and the weak points to fix"),
        "ita:results",
        "ita_public:results",
        staff_permission="ita.view_results",
    ),
    Module(
        "plans",
        _("Integrity measures"),
        _("The measures plan and its 6- and 12-month reports"),
        "plans:index",
        "plans_public:index",
        staff_permission="plans.view_plans",
    ),
    Module(
        "documents",
        _("Official documents"),
        _("Memos and their approval chain"),
        "documents:index",
        staff_permission="documents.view_document",
    ),
    Module(
        "complaints",
        _("Complaint centre"),
        _("Corruption and misconduct complaints"),
        "complaints:index",
        "complaints_public:index",
        staff_permission="complaints.see_centre",
        confidential=True,
    ),
    Module(
        "disclosure",
        _("Disclosure (OIT)"),
        _("What the organisation publishes"),
        "disclosure:index",
        "disclosure_public:index",
        staff_permission="disclosure.view",
    ),
    Module(
        "property",
        _("Government property"),
        _("Register, borrowing and return"),
        "property:index",
        "property_public:index",
        staff_permission="property.view_register",
    ),
    Module(
        "participation",
        _("Participation"),
        _("Community council, consultations, surveys"),
        "participation:index",
        "participation_public:index",
        staff_permission="participation.view",
    ),
    Module(
        "integrity",
        _("Corruption risks and action plan"),
        _("Risk assessment, heat map, anti-corruption projects and their progress"),
        "integrity:index",
        "integrity_public:index",
        staff_permission="integrity.view_integrity",
    ),
]


def may_open(user, module: Module) -> bool:
    """The check the module's staff page makes, asked for the menu."""
    if module.confidential:
        return rules.has_perm(module.staff_permission, user)
    return user.has_perm(module.staff_permission)


def staff_modules(user) -> list[Module]:
    """The modules whose staff page `user` may open, in menu order."""
    return [m for m in MODULES if m.staff_url_name and may_open(user, m)]
