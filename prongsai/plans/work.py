"""My work in the measures plan: steps my unit owns that are due or late, and updates to review.

- A step is the work of the people of its unit (`access.users_of_unit`: the unit itself, not its
  sub-units) and is listed from `reminders.DAYS_BEFORE` Thai working days before its measure's
  last day, and every day after it until an accepted update marks it done. Only the plan of the
  current fiscal year: a past year's plan is closed by its 12-month report.
- An update waiting for review is listed to the author's supervisors up to the municipal clerk,
  and to the clerk for every update (`access.can_review`); never to its author.

One statement each, written by hand (workplace/sql.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from prongsai.plans.models import ReviewState, StepStatus
from prongsai.plans.reminders import DAYS_BEFORE
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.thai.workdays import add_working_days
from prongsai.workplace.sql import day, fetch, in_list

# Parameters: organisation, the units (IN), fiscal year, horizon, the done status.
DUE_STEPS = """
SELECT s.id, s.text, m.number, m."end", u.name_th
FROM plans_step s
JOIN plans_measure m ON m.id = s.measure_id
JOIN plans_plan pl ON pl.id = m.plan_id
JOIN core_unit u ON u.id = s.unit_id
WHERE s.organisation_id = %s AND s.unit_id IN ({units}) AND pl.fiscal_year = %s AND m."end" <= %s
  AND s.status <> %s
ORDER BY m."end", m.number, s."order", s.id
"""
# Parameters: organisation, the submitted state, the viewer (never their own updates). The measure's
# number and the author's login are looked up in subqueries: PostgreSQL plans the statement in half
# the time it takes with five tables joined, and planning is most of what it costs.
REVIEWS = """
SELECT su.step_id, (SELECT m.number FROM plans_measure m WHERE m.id = s.measure_id), s.text,
       p.prefix, p.first_name, p.last_name, p.position_id,
       (SELECT au.username FROM core_user au WHERE au.id = su.author_id)
FROM plans_stepupdate su
JOIN plans_step s ON s.id = su.step_id
LEFT JOIN core_person p ON p.user_id = su.author_id
WHERE su.organisation_id = %s AND su.state = %s AND su.author_id <> %s
ORDER BY su.created_at, su.id
"""


def _reviewed_positions(viewer) -> set[int] | None:
    """Ids of the posts whose holders' updates the viewer reviews; None: every post (the clerk)."""
    if "clerk" in viewer.roles:
        return None
    positions = {pk: (up, roles) for pk, _unit, up, _up_unit, roles in viewer.org_positions()}
    mine = viewer.position_ids
    found = set()
    for pk, (up, _roles) in positions.items():
        current, seen = up if up in positions else None, {pk}
        while current is not None and current not in seen:  # the chain up to the clerk
            if current in mine:
                found.add(pk)
                break
            up_of_current, roles = positions[current]
            if "clerk" in roles:
                break
            seen.add(current)
            current = up_of_current if up_of_current in positions else None
    return found


def _due_steps(viewer) -> list:
    units = sorted(viewer.unit_ids)
    if not units:
        return []
    horizon = add_working_days(viewer.today, DAYS_BEFORE, viewer.calendar)
    rows = fetch(
        DUE_STEPS.format(units=in_list(units)),
        [viewer.person.organisation_id, *units, fiscal_year_of(viewer.today), day(horizon), StepStatus.DONE],
    )
    return [
        viewer.entry(
            "plans.step",
            _("Report on measure %(n)s, step “%(step)s” (%(unit)s)")
            % {"n": to_thai_digits(number), "step": text[:80], "unit": unit},
            viewer.link("plans:step", step_id=step_id),
            end,
        )
        for step_id, text, number, end, unit in rows
    ]


def _reviews(viewer) -> list:
    posts = _reviewed_positions(viewer)
    if posts is not None and not posts:
        return []
    rows = fetch(REVIEWS, [viewer.person.organisation_id, ReviewState.SUBMITTED, viewer.user.pk])
    found = []
    for step_id, number, text, prefix, first, last, position_id, username in rows:
        if posts is not None and position_id not in posts:
            continue
        author = f"{prefix}{first} {last}" if first is not None else username  # Person.full_name
        found.append(viewer.entry(
            "plans.review",
            _("Review the update of %(author)s on measure %(n)s, step “%(step)s”")
            % {"author": author, "n": to_thai_digits(number), "step": text[:80]},
            viewer.link("plans:step", step_id=step_id),
        ))  # fmt: skip
    return found


def work_for(viewer) -> list:
    if viewer.person is None:
        return []
    return _due_steps(viewer) + _reviews(viewer)
