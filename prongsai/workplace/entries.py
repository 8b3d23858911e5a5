"""งานของฉัน: what waits for one staff member today, gathered from every module.

Each domain app has a `work.py` with `work_for(viewer) -> list[Entry]`, reading its own models
and rules; this module only asks them in turn and sorts what they say. An entry says what and
for whom (`title`), by when (`due`, with the Thai working days left), and where it is done
(`url`). Each provider runs a fixed number of queries whatever the number of items, so the page,
the count in the menu, the command and the daily digest cost the same for 10 items or 1,000.
Titles of complaint cases carry the case number only, never content (complaints/work.py).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from prongsai.core import acting
from prongsai.core.access import roles_of
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import AuditEntry, Person, Position, User
from prongsai.thai.workdays import HolidayCalendar, working_days_between
from prongsai.workplace.sql import fetch, json_list

PROVIDERS = (
    "prongsai.documents.work",
    "prongsai.plans.work",
    "prongsai.complaints.work",
    "prongsai.property.work",
    "prongsai.participation.work",
    "prongsai.disclosure.work",
)
# The organisation's posts in `Position.Meta.ordering`, each with the unit of its superior's post.
POSITIONS = """
SELECT p.id, p.unit_id, p.reports_to_id, r.unit_id, p.roles
FROM core_position p LEFT JOIN core_position r ON r.id = p.reports_to_id
WHERE p.organisation_id = %s
ORDER BY p.executive_order, p.title_th
"""
_MARK = 7_390_000_001  # stands for an argument while a URL is reversed once (no id is this large)
COUNT_SECONDS = 10 * 60  # how long an unchanged count is kept (a change in the organisation ends it)


@dataclass(frozen=True)
class Entry:
    kind: str  # "<app>.<what>", e.g. "documents.decide"
    title: str  # what, and for whom
    url: str  # the page where it is done
    due: date | None = None
    days_left: int | None = None  # Thai working days; negative: that many days late

    @property
    def late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.late else 0

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "title": self.title, "url": self.url,
            "due": self.due.isoformat() if self.due else None, "working_days_left": self.days_left,
        }  # fmt: skip


@dataclass
class Viewer:
    """Who asks and when: a login with its person, roles, the posts it holds that day (its own
    and those it acts for), and the holiday calendar, loaded once for every provider."""

    user: User
    today: date
    calendar: HolidayCalendar
    person: Person | None = None
    roles: frozenset[str] = frozenset()
    positions: list[Position] = field(default_factory=list)
    links: dict = field(default_factory=dict, repr=False)  # URL patterns, see `link`
    _org_positions: list | None = field(default=None, repr=False)  # see `org_positions`

    @property
    def position_ids(self) -> set[int]:
        return {p.pk for p in self.positions}

    @property
    def unit_ids(self) -> set[int]:
        return {p.unit_id for p in self.positions if p.unit_id}

    def entry(self, kind: str, title: str, url: str, due: date | None = None) -> Entry:
        left = working_days_between(self.today, due, self.calendar) if due else None
        return Entry(kind, title, url, due, left)

    def link(self, name: str, **kwargs: int) -> str:
        """`reverse(name, kwargs=kwargs)` for integer arguments, reversed once per list and then
        filled in for each entry (a list of hundreds of entries asks for only a few URL names)."""
        key = (name, tuple(kwargs))
        pattern = self.links.get(key)
        if pattern is None:
            marks = {k: str(_MARK + i) for i, k in enumerate(kwargs)}
            pattern = reverse(name, kwargs=marks).replace("{", "{{").replace("}", "}}")
            for k, mark in marks.items():
                pattern = pattern.replace(mark, "{" + k + "}")
            self.links[key] = pattern
        return pattern.format(**kwargs)

    def org_positions(self) -> list[tuple[int, int | None, int | None, int | None, list[str]]]:
        """The organisation's posts as (id, unit, reports to, unit of the post it reports to, roles)
        in the posts' own order, read once for every provider that walks the chain of command."""
        if self._org_positions is None:
            rows, decoded = fetch(POSITIONS, [self.user.organisation_id]), {}
            for *_, roles in rows:  # posts share a few lists of roles (JSON text): decode each once
                if isinstance(roles, str) and roles not in decoded:
                    decoded[roles] = json_list(roles)
            self._org_positions = [
                (*row[:4], decoded[row[4]] if isinstance(row[4], str) else json_list(row[4])) for row in rows
            ]
        return self._org_positions


def viewer_for(user: User, today: date | None = None, calendar: HolidayCalendar | None = None) -> Viewer:
    today = today or timezone.localdate()
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return Viewer(
        user=user, today=today, calendar=calendar if calendar is not None else holiday_calendar(),
        person=person if person is not None and person.is_active else None, roles=roles_of(user),
        # Asked of the login: today's answer is the one roles_of(user) already loaded.
        positions=acting.positions_held(user, today) if person is not None else [],
    )  # fmt: skip


def _sort_key(entry: Entry):
    return (entry.days_left is None, entry.days_left if entry.days_left is not None else 0, entry.title)


def collect(user: User, today: date | None = None, calendar: HolidayCalendar | None = None) -> list[Entry]:
    """Every entry waiting for `user`, the latest first, then the nearest deadline, then the rest."""
    if not user.is_authenticated or user.organisation_id is None or not user.is_active:
        return []
    position = _audit_position(user)  # before reading: a change made meanwhile is counted again
    viewer = viewer_for(user, today, calendar)
    found: list[Entry] = []
    for name in PROVIDERS:
        found += importlib.import_module(name).work_for(viewer)
    found.sort(key=_sort_key)
    cache.set(_count_key(user, position), len(found), COUNT_SECONDS)
    return found


def for_request(request) -> list[Entry]:
    """The signed-in person's entries, gathered once per request (the menu's count and the list)."""
    if not hasattr(request, "_my_work"):
        request._my_work = collect(request.user)
    return request._my_work


def _audit_position(user: User) -> int:
    """How far the organisation's audit chain has grown: every change of its rows adds an entry,
    so a count kept at one position is out of date once the chain moves on (one indexed look-up,
    the same in every worker process). A login loaded for a request read it already."""
    known = getattr(user, "audit_seq_at_load", None)
    if known is not None:
        return known
    last = AuditEntry.objects.filter(organisation_id=user.organisation_id).order_by("-seq")
    return last.values_list("seq", flat=True).first() or 0


def _count_key(user: User, position: int) -> str:
    return f"workplace:count:{user.pk}:{position}"


def cached_count(user: User) -> int | None:
    """The count the menu shows, or None when it is not known to be current.

    The staff pages are heavy already, so the menu never gathers the list itself: the list (the
    page staff land on, the command, the digest, or the menu's own small request when it finds
    None) keeps the count under the audit chain's position, and any change in the organisation
    makes the menu ask again."""
    if not user.is_authenticated:
        return None
    if user.organisation_id is None:
        return 0  # no organisation, no work
    return cache.get(_count_key(user, _audit_position(user)))
