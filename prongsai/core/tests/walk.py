"""Every page of the site on the demo, each as a login that may open it (issue 17).

URLs come from the resolver (`test_tenant_isolation.discover`), so a page added tomorrow is walked
tomorrow; each pattern once. Its arguments are filled from the demo's own rows: `<model>_id` with
a row of that model in บ่อพลอย that fits the URL's other arguments (its year, the parent rows named
before it), the current fiscal year first, then earlier ones. A pattern the demo has no row for is
filled from a second organisation populated by every app's `tests/tenancy.py`, visited by a login
holding every role there.

Each URL is asked by Django's test client as the citizen, then as one login of every distinct set
of roles in the demo, the superuser last; the first that is not refused (403, 404, sent to sign
in) is the one who may open it. Every staff URL so opened is asked again as the superuser, in the
demo and before choosing an organisation. These answers prove "no 500" for every URL and type
(files too); the browser tests then open the HTML pages as the login that opened them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import Organisation, User
from prongsai.core.roles import ROLES
from prongsai.core.tests.factories import login_verified, make_org, make_staff
from prongsai.core.tests.test_tenant_isolation import discover, model_for, populate_every_app
from prongsai.ita import store
from prongsai.ita.models import FrameworkVersion
from prongsai.thai.fiscal import fiscal_year_of

LOGIN_PATH = "/accounts/login/"


@dataclass
class Visit:
    name: str
    url: str
    who: str  # "citizen" or a username
    status: int
    content_type: str

    fragment: bool = False  # a piece htmx puts into its page (no <html>), walked with that page

    @property
    def is_page(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html") and not self.fragment


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # no login of the demo may open it
    post_only: list[str] = field(default_factory=list)
    sessions: dict[str, str] = field(default_factory=dict)  # who -> session cookie value


def principals(organisation: Organisation) -> list[User | None]:
    """The citizen, one login per distinct set of roles in the organisation, the superuser last."""
    seen, chosen = set(), [None]
    users = User.objects.filter(organisation=organisation, person__isnull=False)
    users = users.select_related("person__position")
    for user in users.order_by("username"):
        key = frozenset(user.person.position.roles if user.person.position else ())
        if key not in seen:
            seen.add(key)
            chosen.append(user)
    return [*chosen, User.objects.get(username="admin")]


def signed_in(user: User | None, organisation: Organisation | None) -> Client:
    """A client of the user (None: the citizen) whose server errors answer 500 instead of raising,
    so a walk lists them all; a superuser works in `organisation` (None: not chosen yet)."""
    client = Client(raise_request_exception=False)
    if user is None:
        return client
    login_verified(client, user)
    if user.is_superuser and organisation:  # a superuser works in the organisation chosen in the session
        session = client.session
        session["organisation_id"] = organisation.pk
        session.save()
    return client


def _year_field(model) -> str | None:
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("fiscal_year", "year") if n in names), None)


def _rows(model, organisation, year, chosen: dict, how_many: int):
    """The first rows of `model` in the organisation that belong to the rows already chosen."""
    rows = model.objects.for_org(organisation) if hasattr(model.objects, "for_org") else model.objects.all()
    for f in model._meta.get_fields():
        if isinstance(f, models.ForeignKey) and f.related_model in chosen:
            rows = rows.filter(**{f.name: chosen[f.related_model]})
    if year is not None and (year_field := _year_field(model)):
        rows = rows.filter(**{year_field: year})
    return list(rows.order_by("pk")[:how_many])


def _values(name, args, organisation, year) -> dict | None:
    """One way to fill a pattern for a year from the first fitting rows; None when a row is missing."""
    values, chosen = {}, {}
    for arg in args:
        if arg == "org_slug":
            values[arg] = organisation.slug
        elif arg == "year":
            values[arg] = year
        elif arg == "page":
            values[arg] = "items"  # one framework editor page stands for its siblings
        elif arg == "number":  # a saved version of the year's framework
            saved = FrameworkVersion.objects.filter(year=year).order_by("-number").first()
            values[arg] = saved.number if saved else None
        elif arg == "item_code":
            item = _rows(apps.get_model("disclosure", "Item"), organisation, year, chosen, 1)
            values[arg] = item[0].code if item else None
        elif arg.endswith("_id"):
            model = model_for(arg)
            row = _rows(model, organisation, year, chosen, 1)
            chosen[model] = row[0] if row else None
            values[arg] = row[0].pk if row else None
        else:
            raise AssertionError(f"no rule to fill URL argument {arg!r} of {name}: extend walk._values")
        if values[arg] is None:
            return None
    return values


def candidates(name: str, args: tuple, organisation: Organisation, years: list[int], how_many: int = 4):
    """URLs of a pattern filled from the organisation's rows: each year in turn, and for the last
    row the URL names, its first few rows (a job of another kind, a document not yet printed)."""
    for year in years if "year" in args else [None]:
        values = _values(name, args, organisation, year)
        if values is None:
            continue
        yield reverse(name, kwargs=values)
        last = next((a for a in reversed(args) if a.endswith("_id")), None)
        if last:
            model, chosen = model_for(last), {}
            for arg in args:  # the parents chosen above, so the siblings belong to them too
                if arg.endswith("_id") and arg != last:
                    parent = model_for(arg)
                    chosen[parent] = parent.objects.get(pk=values[arg])
            for row in _rows(model, organisation, year, chosen, how_many)[1:]:
                yield reverse(name, kwargs={**values, last: row.pk})


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PATH)


def _ask(walk: Walk, name: str, urls, logins) -> bool:
    """Ask each URL as each login until one may open it; False when none may."""
    for url in urls:
        for who, client in logins:
            response = client.get(url)
            response.close()  # a file download's open file
            if response.status_code >= 500:
                walk.server_errors.append(f"{url} as {who}: {response.status_code}")
            if response.status_code == 405:  # an action: posting is the other tests' business
                walk.post_only.append(url)
                return True
            if not _refused(response):
                kind = response.get("Content-Type", "")
                fragment = not response.streaming and b"<html" not in response.content[:400]
                walk.visits.append(Visit(name, url, who, response.status_code, kind, fragment))
                if who != "citizen":
                    walk.sessions[who] = client.cookies["sessionid"].value
                return True
    walk.refused.append(name)
    return False


def walk_site(demo: Organisation) -> Walk:
    """Ask every URL as the first login that may open it, and every staff URL as the superuser too,
    in the demo and before choosing an organisation (a superuser passes every permission check but
    holds no post); a second organisation serves what the demo lacks."""
    today_year = fiscal_year_of(timezone.localdate())
    years = [today_year, today_year - 1, *range(today_year - 2, 2562, -1), today_year + 1]
    walk = Walk()
    admin = User.objects.get(username="admin")
    # The framework editor's version pages need a saved version of a year (the demo has none).
    store.save_text(today_year, store.current_text(today_year), user=admin, reason="walk")
    logins = [(u.username if u else "citizen", signed_in(u, demo)) for u in principals(demo)]
    superusers = [logins[-1], ("admin without an organisation", signed_in(admin, None))]
    extra_logins = []
    for name, args in discover():
        urls = list(candidates(name, args, demo, years))
        if urls and _ask(walk, name, urls, logins):
            opened = walk.visits[-1] if walk.visits and walk.visits[-1].name == name else None
            for who, client in superusers if opened and opened.who != "citizen" else ():
                response = client.get(opened.url)
                response.close()
                if response.status_code >= 500:
                    walk.server_errors.append(f"{opened.url} as {who}: {response.status_code}")
            continue
        if not extra_logins:  # made once, only if a pattern needs it
            extra = make_org("walk-extra")
            populate_every_app(extra, "WALK")
            everyone = make_staff(extra, username="walk-everyone", roles=tuple(ROLES))
            extra_logins = [(u.username if u else "citizen", signed_in(u, extra)) for u in (None, everyone)]
        if name in walk.refused:
            walk.refused.remove(name)
        urls = list(candidates(name, args, extra, years))
        if not urls:
            walk.unfilled.append(name)
        else:
            _ask(walk, name, urls, extra_logins)
    return walk


def session_of(user: User, organisation: Organisation) -> str:
    """A signed-in session (past the second factor) for a browser context's cookie."""
    return signed_in(user, organisation).cookies["sessionid"].value


def open_as(browser, base_url: str, session: str | None, viewport: dict, **options):
    """A browser context of one reader: their session cookie, the given viewport."""
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
    return context
