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
from django.utils import timezone

from prongsai.core import acting
from prongsai.core.access import roles_of
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import AuditEntry, Person, Position, User
from prongsai.thai.workdays import HolidayCalendar, working_days_between

PROVIDERS = (
    "prongsai.documents.work",
    "prongsai.plans.work",
    "prongsai.complaints.work",
    "prongsai.property.work",
    "prongsai.participation.work",
    "prongsai.disclosure.work",
)
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

    @property
    def position_ids(self) -> set[int]:
        return {p.pk for p in self.positions}

    @property
    def unit_ids(self) -> set[int]:
        return {p.unit_id for p in self.positions if p.unit_id}

    def entry(self, kind: str, title: str, url: str, due: date | None = None) -> Entry:
        left = working_days_between(self.today, due, self.calendar) if due else None
        return Entry(kind, title, url, due, left)


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
    the same in every worker process)."""
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
