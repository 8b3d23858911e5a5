"""My work in disclosure: messages to an executive waiting for an answer, and this fiscal year's
OIT items that nothing has been published for yet.

- A message is listed to the executive it is addressed to and to the municipal clerk, who
  follows them all (`views.messages_for`). It is due `ANSWER_WITHIN` Thai working days after it
  came in: the Royal Decree on Good Governance B.E. 2546, section 38, asks for an answer to the
  public within 15 days, read as working days like the complaint centre's first answer.
- A missing item is listed to those who publish (`disclosure.publish`), with the unit that
  published the same item last (an earlier year's publication of its code), and is due by the end
  of the fiscal year: what is not online within the year does not count for its OIT.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.disclosure.catalogue import ready_item_ids
from prongsai.disclosure.models import Item, Publication
from prongsai.disclosure.views import messages_for
from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of
from prongsai.thai.workdays import add_working_days

ANSWER_WITHIN = 15


def _messages(viewer) -> list:
    if not viewer.user.has_perm("disclosure.read_messages"):
        return []
    waiting = messages_for(viewer.user, viewer.user.organisation).filter(answered_at__isnull=True)
    return [
        viewer.entry(
            "disclosure.answer",
            _("Answer “%(subject)s” from %(sender)s to %(executive)s")
            % {"subject": m.subject, "sender": m.sender_name, "executive": m.executive.person.full_name},
            reverse("disclosure:message", kwargs={"contact_message_id": m.pk}),
            add_working_days(m.created_at.date(), ANSWER_WITHIN, viewer.calendar),
        )
        for m in waiting.order_by("created_at", "pk")
    ]


def _last_units(organisation_id: int, year: int, codes: list[str]) -> dict[str, str]:
    """{item code: name of the unit that published it last}, from earlier years' publications."""
    rows = (
        Publication.objects.filter(
            organisation_id=organisation_id, item__year__lt=year, item__code__in=codes, unit__isnull=False
        )
        .order_by("item__code", "-item__year", "-publish_at")
        .values_list("item__code", "unit__name_th")
    )
    units: dict[str, str] = {}
    for code, unit in rows:
        units.setdefault(code, unit)
    return units


def _missing_items(viewer) -> list:
    if not viewer.user.has_perm("disclosure.publish"):
        return []
    organisation_id = viewer.user.organisation_id
    year = fiscal_year_of(viewer.today)
    items = list(Item.objects.filter(organisation_id=organisation_id, year=year).order_by("order", "pk"))
    if not items:
        return []
    ready = ready_item_ids(viewer.user.organisation, year)
    missing = [i for i in items if i.pk not in ready]
    units = _last_units(organisation_id, year, [i.code for i in missing])
    year_end = fiscal_year_bounds(year)[1]
    found = []
    for item in missing:
        values = {"code": item.code, "title": item.title_th[:100], "unit": units.get(item.code, "")}
        title = (
            _("Publish OIT item %(code)s “%(title)s” (%(unit)s)")
            if values["unit"]
            else _("Publish OIT item %(code)s “%(title)s” (no unit has published it yet)")
        ) % values
        url = reverse("disclosure:item", kwargs={"year": year, "item_id": item.pk})
        found.append(viewer.entry("disclosure.publish", title, url, year_end))
    return found


def work_for(viewer) -> list:
    if viewer.person is None:
        return []
    return _messages(viewer) + _missing_items(viewer)
