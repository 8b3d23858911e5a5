"""No year is a dead end (issue 15): every year-scoped page answers for every fiscal year.

The clock is frozen on the first and last days around two fiscal-year changes. On each date,
as one login of every distinct set of roles in the demo (logins with the same roles in the same
organisation see the same pages) and as an anonymous citizen, the walk visits every URL that
takes a year, discovered from the resolver as the tenant test discovers URLs, and every page
that offers a year picker (a select or link with `year`/`fy`/`fiscal_year`), for every fiscal
year from 2563 to the current one + 1. No page may answer 5xx, say there is no ITA framework, or
answer 404 for a year in range, unless the URL names a row (an item, a published plan, a result)
that is not there. Every year picker offers all of those years. POST-only year actions (publish
to OIT) are posted. Public pages are the same for everyone, so the citizen and one member of
staff walk them; pickers are found as the citizen and the superuser, then walked by everyone.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation, User
from prongsai.core.tests.factories import login_verified
from prongsai.core.tests.test_tenant_isolation import discover
from prongsai.disclosure.models import Item
from prongsai.ita.framework_forms import PAGES
from prongsai.ita.models import FrameworkVersion
from prongsai.thai.fiscal import fiscal_year_of

FIRST_YEAR = 2563
DATES = [date(2026, 10, 1), date(2026, 12, 2), date(2027, 9, 30), date(2027, 10, 1)]
BANGKOK = ZoneInfo("Asia/Bangkok")
YEAR_ARGS = {"year", "fiscal_year"}
YEAR_PARAMS = ("year", "fy", "fiscal_year")
# What the framework's dead end says (ita.framework.FrameworkError and the catalogue's refusals).
DEAD_ENDS = (
    "ไม่มีกรอบการประเมิน ITA",
    "there is no ITA framework",
    "ยังไม่มีรายการข้อ OIT",
    "lists no OIT items",
    "no catalogue for",
)
# URLs whose year names one row (model, year field, filter): a 404 is right when that row is not
# there, and only then.
NAMED_ROWS = {
    "ita:analysis": ("ita.Result", "year", {}),
    "ita:edit": ("ita.Result", "year", {}),
    "ita_public:analysis": ("ita.Result", "year", {}),
    "api:ita_analysis": ("ita.Result", "year", {}),
    "plans_public:plan": ("plans.Plan", "fiscal_year", {"published": True}),
    "api:plan": ("plans.Plan", "fiscal_year", {"published": True}),
    "api:staff_plan": ("plans.Plan", "fiscal_year", {}),
    "integrity_public:register": ("integrity.RiskRegister", "fiscal_year", {"published": True}),
    "integrity_public:action_plan": ("integrity.ActionPlan", "fiscal_year", {"published": True}),
}


def named_row_exists(name: str, organisation, year: int) -> bool:
    label, field, extra = NAMED_ROWS[name]
    model = apps.get_model(label)
    return model.objects.for_org(organisation).filter(**{field: year}, **extra).exists()


PICKER = re.compile(
    r"<select[^>]*\bname=\"(?P<name>year|fy|fiscal_year)\"[^>]*>(?P<options>.*?)</select>", re.S
)
YEAR_LINK = re.compile(r"href=\"(?P<path>/[^\"?#]*)\?(?:[^\"]*&amp;)?(?P<name>year|fy)=25\d\d")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module inside a transaction that is rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            load_demo()
            yield Organisation.objects.get(slug="bophloi")
            transaction.set_rollback(True)


def principals():
    """None for the citizen, then one login per (organisation, roles) of the demo, the superuser last."""
    seen, chosen = set(), [None]
    users = User.objects.filter(person__isnull=False).select_related("person__position", "organisation")
    for user in users.order_by("username"):
        key = (user.organisation_id, frozenset(user.person.position.roles if user.person.position else ()))
        if key not in seen:
            seen.add(key)
            chosen.append(user)
    return [*chosen, User.objects.get(username="admin")]


def signed_in(user, organisation) -> Client:
    client = Client()
    if user is None:
        return client
    login_verified(client, user)
    if user.is_superuser:  # a superuser works in the organisation chosen in the session
        session = client.session
        session["organisation_id"] = organisation.pk
        session.save()
    return client


def year_patterns():
    return [(name, args) for name, args in discover() if YEAR_ARGS & set(args)]


def urls_for(name, args, organisation, year) -> list[tuple[str, bool]]:
    """The URLs of a pattern for a year (one per framework editor page), each with whether the
    row it names exists (True when it names none)."""
    if "page" in args:  # the framework editor's pages of a year
        rest = tuple(a for a in args if a != "page")
        return [url_for(name, rest, organisation, year, page=slug) for slug, _label in PAGES]
    return [url_for(name, args, organisation, year)]


def url_for(name, args, organisation, year, **fixed) -> tuple[str, bool]:
    values, exists = dict(fixed), True
    item = Item.objects.for_org(organisation).filter(year=year).order_by("order", "pk").first()
    for arg in args:
        if arg == "org_slug":
            values[arg] = organisation.slug
        elif arg in YEAR_ARGS:
            values[arg] = year
        elif arg == "item_id":
            values[arg], exists = (item.pk, True) if item else (0, False)
        elif arg == "item_code":
            values[arg], exists = (item.code, True) if item else ("o1", False)
        elif arg == "number":  # a saved version of the year's framework
            saved = FrameworkVersion.objects.filter(year=year).order_by("-number").first()
            values[arg], exists = (saved.number, exists) if saved else (1, False)
        else:
            raise AssertionError(f"no rule to fill URL argument {arg!r} of {name}: extend url_for")
    if name in NAMED_ROWS:
        exists = exists and named_row_exists(name, organisation, year)
    return reverse(name, kwargs=values), exists


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def problems_of(response, row_exists: bool = True) -> tuple[str, list[str]]:
    """The body, and what is wrong with the answer: a server error, a 404 for a year in range,
    or the framework's dead end in the page."""
    found = []
    if response.status_code >= 500:
        found.append(f"answered {response.status_code}")
    if response.status_code == 404 and row_exists:
        found.append("404 for a year in range")
    body = body_of(response)
    found += [f"dead end “{words}”" for words in DEAD_ENDS if words in body]
    return body, found


def pickers_on(body: str) -> dict[str, list[int]]:
    """The year pickers of a page: parameter name -> the years offered (links count as offers)."""
    found: dict[str, list[int]] = {}
    for match in PICKER.finditer(body):
        offered = [int(y) for y in re.findall(r"value=\"(25\d\d)\"", match["options"])]
        found.setdefault(match["name"], []).extend(offered)
    return found


def non_year_pages(organisation):
    """Pages without a year in their path that take no other argument than the organisation."""
    return [(name, args) for name, args in discover() if set(args) <= {"org_slug"}]


class Walk:
    """The walk of one date: what was visited and what was wrong."""

    def __init__(self, years: list[int]):
        self.years, self.visited, self.problems, self.pickers = years, 0, [], set()

    def check(self, response, url: str, who: str, row_exists: bool = True) -> str:
        body, found = problems_of(response, row_exists)
        self.problems.extend(f"{url} as {who}: {problem}" for problem in found)
        self.visited += 1
        return body

    def year_urls(self, client, who: str, organisation, patterns) -> None:
        for name, args in patterns:
            for year in self.years:
                for url, exists in urls_for(name, args, organisation, year):
                    response = client.get(url)
                    if response.status_code == 405:  # a POST-only action of the year (publish)
                        response = client.post(url, {}, follow=True)
                    self.check(response, url, who, exists)

    def picker_params(self, clients, name: str, url: str) -> set[str]:
        """Visit a page without a year as the first of `clients` ((who, client) pairs) allowed to
        see it; the year parameters its pickers and links use."""
        for who, client in clients:
            response = client.get(url)
            body = self.check(response, url, who, row_exists=False)  # not year-scoped: its 404 is its own
            if response.status_code != 403:
                break
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return set()
        params = set()
        for param, offered in pickers_on(body).items():
            if not set(self.years) <= set(offered):
                self.problems.append(f"{url} as {who}: the {param} picker offers {sorted(set(offered))}")
            params.add(param)
        params |= {m["name"] for m in YEAR_LINK.finditer(body) if m["path"] == url}
        if params:
            self.pickers.add(name)
        return params

    def picked_years(self, client, who: str, url: str, params: set[str]) -> None:
        for param in sorted(params):
            for year in self.years:
                picked = f"{url}?{urlencode({param: year})}"
                self.check(client.get(picked), picked, who)


def is_public(args) -> bool:
    return "org_slug" in args


@pytest.mark.parametrize("day", DATES, ids=[d.isoformat() for d in DATES])
def test_every_year_scoped_page_answers_for_every_year(demo, day, db, capsys, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = settings.API_TOKEN_RATE_PER_MINUTE = 10**6  # a walk, not a flood
    started = time.perf_counter()
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, 0, tzinfo=BANGKOK), tick=False):
        walk = Walk(list(range(FIRST_YEAR, fiscal_year_of(day) + 2)))
        patterns = year_patterns()
        assert len(patterns) >= 20, "the resolver walk found too few year-scoped URLs"
        staff_patterns = [(n, a) for n, a in patterns if not is_public(a)]
        everyone = principals()
        # Public pages are the same for every visitor: the citizen and one member of staff see them.
        public_viewers = {None, next(u for u in everyone if u and u.username == "analyst")}
        # Pages without a year whose pickers or links take one (`?year=`, `?fy=`): found as the
        # citizen (public pages) and the superuser, else the first demo login allowed to see the
        # page (staff pages), then walked by everyone.
        citizen = [("citizen", signed_in(None, demo))]
        logins = [everyone[-1], *(u for u in everyone[1:-1] if u.organisation_id == demo.pk)]
        staff = [(u.username, signed_in(u, demo)) for u in logins]
        picker_pages = []
        for name, args in non_year_pages(demo):
            url = reverse(name, kwargs={"org_slug": demo.slug} if args else {})
            if params := walk.picker_params(citizen if is_public(args) else staff, name, url):
                picker_pages.append((name, args, params))
        for user in everyone:
            who = user.username if user else "citizen"
            organisation = user.organisation if user and user.organisation else demo
            client = signed_in(user, organisation)
            walk.year_urls(client, who, organisation, patterns if user in public_viewers else staff_patterns)
            for name, args, params in picker_pages:
                if not (user in public_viewers if is_public(args) else user is not None):
                    continue
                url = reverse(name, kwargs={"org_slug": organisation.slug} if args else {})
                walk.picked_years(client, who, url, params)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n{day}: {walk.visited} pages in {elapsed:.0f} s; {len(patterns)} year URL patterns, "
              f"{len(walk.years)} years, {len(everyone)} visitors; pickers {sorted(walk.pickers)}")
    assert not walk.problems, f"{len(walk.problems)} dead ends:\n" + "\n".join(walk.problems[:300])
    assert walk.pickers, "no page offers a year picker: the walk would miss the ?year= pages"
