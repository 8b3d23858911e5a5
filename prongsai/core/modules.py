"""The modules of Prongsai as the navigation shows them; a module without a URL is still to come.

A staff entry names the permission its page checks (`staff_permission`, the rule the view's
`permission_required` asks), so a menu shows only what its reader can open. A confidential module's
page asks its rule directly (`rules.has_perm`), so a superuser is held to it like everyone else.
"""

import functools
from dataclasses import dataclass

import rules
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.core.addresses import page_address


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    summary: str
    staff_url_name: str = ""
    public_url_name: str = ""
    staff_permission: str = ""
    confidential: bool = False  # the view asks rules.has_perm: no superuser bypass


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


@dataclass(frozen=True)
class MenuEntry:
    """A module as one reader's menu shows it: plain strings that a template prints as they are."""

    code: str
    title: str
    summary: str
    staff_url_name: str
    staff_url: str


@functools.lru_cache(maxsize=64)
def _words(code: str, language: str | None) -> tuple[str, str]:
    # Each translation lookup goes through a context-local read; a menu on every staff page asked
    # for the same few words thousands of times. Compiled catalogues do not change while we run.
    module = next(m for m in MODULES if m.code == code)
    return str(module.title), str(module.summary)


def staff_modules(user) -> list[MenuEntry]:
    """The modules whose staff page `user` may open, in menu order."""
    language = translation.get_language()
    return [
        MenuEntry(m.code, *_words(m.code, language), m.staff_url_name, page_address(m.staff_url_name))
        for m in MODULES
        if m.staff_url_name and may_open(user, m)
    ]


@dataclass(frozen=True)
class StaffLink:
    """A staff page other than a module's, and who is offered it in the menu."""

    url_name: str
    label: str
    permission: str = ""  # a rule the reader must pass; "" for everyone signed in
    org_admin: bool = False  # the set-up pages: organisation administrators and superusers


# In menu order, after the modules.
STAFF_LINKS = [
    StaffLink("core:structure", _("Structure and people"), "core.view_structure"),
    StaffLink("core:setup_home", _("Set-up"), org_admin=True),
    StaffLink("ita:frameworks", _("ITA frameworks"), "ita.edit_framework"),
    StaffLink("core:audit_log", _("Audit log"), "core.view_audit"),
    StaffLink("api_staff:tokens", _("API tokens"), "api.manage_tokens"),
]


@functools.lru_cache(maxsize=64)
def _label(url_name: str, language: str | None) -> str:
    return str(next(link.label for link in STAFF_LINKS if link.url_name == url_name))


def staff_links(user, roles) -> list[tuple[str, str]]:
    """(address, label) of the staff pages after the modules that `user` may open: the menu asks
    the same rules as the pages, with words and addresses worked out once per process."""
    language = translation.get_language()
    return [
        (page_address(link.url_name), _label(link.url_name, language))
        for link in STAFF_LINKS
        if (link.org_admin and ("org_admin" in roles or user.is_superuser))
        or (link.permission and user.has_perm(link.permission))
    ]
