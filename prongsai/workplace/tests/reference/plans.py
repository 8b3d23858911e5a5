"""My work in the measures plan: steps my unit owns that are due or late, and updates to review.

- A step is the work of the people of its unit (`access.users_of_unit`: the unit itself, not its
  sub-units) and is listed from `reminders.DAYS_BEFORE` Thai working days before its measure's
  last day, and every day after it until an accepted update marks it done. Only the plan of the
  current fiscal year: a past year's plan is closed by its 12-month report.
- An update waiting for review is listed to the author's supervisors up to the municipal clerk,
  and to the clerk for every update (`access.can_review`); never to its author.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.core.models import Position
from prongsai.plans.models import ReviewState, Step, StepStatus, StepUpdate
from prongsai.plans.reminders import DAYS_BEFORE
from prongsai.thai.digits import to_thai_digits
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.thai.workdays import add_working_days


def _step_url(step_id: int) -> str:
    return reverse("plans:step", kwargs={"step_id": step_id})


def _reviewed_positions(viewer) -> set[int] | None:
    """Ids of the posts whose holders' updates the viewer reviews; None: every post (the clerk)."""
    if "clerk" in viewer.roles:
        return None
    positions = {p.pk: p for p in Position.objects.filter(organisation_id=viewer.person.organisation_id)}
    found = set()
    for position in positions.values():
        current, seen = positions.get(position.reports_to_id), {position.pk}
        while current is not None and current.pk not in seen:  # the chain up to the clerk
            if current.pk in viewer.position_ids:
                found.add(position.pk)
                break
            if "clerk" in (current.roles or []):
                break
            seen.add(current.pk)
            current = positions.get(current.reports_to_id)
    return found


def _due_steps(viewer) -> list:
    units = viewer.unit_ids
    if not units:
        return []
    horizon = add_working_days(viewer.today, DAYS_BEFORE, viewer.calendar)
    steps = (
        Step.objects.filter(
            organisation_id=viewer.person.organisation_id, unit_id__in=units,
            measure__plan__fiscal_year=fiscal_year_of(viewer.today), measure__end__lte=horizon,
        )
        .exclude(status=StepStatus.DONE)
        .select_related("measure", "unit")
        .order_by("measure__end", "measure__number", "order")
    )  # fmt: skip
    return [
        viewer.entry(
            "plans.step",
            _("Report on measure %(n)s, step “%(step)s” (%(unit)s)")
            % {"n": to_thai_digits(s.measure.number), "step": s.text[:80], "unit": s.unit.name_th},
            _step_url(s.pk),
            s.measure.end,
        )
        for s in steps
    ]


def _reviews(viewer) -> list:
    updates = (
        StepUpdate.objects.filter(organisation_id=viewer.person.organisation_id, state=ReviewState.SUBMITTED)
        .exclude(author=viewer.user)
        .select_related("step__measure", "author__person")
        .order_by("created_at", "pk")
    )
    posts = _reviewed_positions(viewer)
    if posts is not None:
        updates = updates.filter(author__person__position_id__in=posts)
    found = []
    for u in updates:
        author = getattr(u.author, "person", None)
        found.append(viewer.entry(
            "plans.review",
            _("Review the update of %(author)s on measure %(n)s, step “%(step)s”")
            % {"author": author.full_name if author else u.author.get_username(),
               "n": to_thai_digits(u.step.measure.number), "step": u.step.text[:80]},
            _step_url(u.step_id),
        ))  # fmt: skip
    return found


def work_for(viewer) -> list:
    if viewer.person is None:
        return []
    return _due_steps(viewer) + _reviews(viewer)
