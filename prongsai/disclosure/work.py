"""My work in disclosure: messages to an executive waiting for an answer, and this fiscal year's
OIT items that nothing has been published for yet.

- A message is listed to the executive it is addressed to and to the municipal clerk, who
  follows them all (`views.messages_for`). It is due `ANSWER_WITHIN` Thai working days after it
  came in: the Royal Decree on Good Governance B.E. 2546, section 38, asks for an answer to the
  public within 15 days, read as working days like the complaint centre's first answer.
- A missing item is listed to those who publish (`disclosure.publish`), with the unit that
  published the same item last (an earlier year's publication of its code), and is due by the end
  of the fiscal year: what is not online within the year does not count for its OIT.

Each list is one statement written by hand (workplace/sql.py), the units of missing items one more.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.thai.fiscal import fiscal_year_bounds, fiscal_year_of
from prongsai.thai.workdays import add_working_days
from prongsai.workplace.sql import fetch, in_list, moment

ANSWER_WITHIN = 15

# Unanswered messages as `views.messages_for` shows them: the clerk's are all of them, an
# executive's those addressed to them ({mine}). Parameters: organisation, then the login.
WAITING = """
SELECT m.id, m.subject, m.sender_name, p.prefix, p.first_name, p.last_name, m.created_at
FROM disclosure_contactmessage m
JOIN disclosure_executive e ON e.id = m.executive_id
JOIN core_person p ON p.id = e.person_id
WHERE m.organisation_id = %s AND m.answered_at IS NULL{mine}
ORDER BY m.created_at, m.id
"""
MINE = " AND p.user_id = %s"
# This year's items with nothing published by now (`catalogue.ready_item_ids`), in their order.
# Parameters: organisation, year, organisation, now.
MISSING = """
SELECT i.id, i.code, i.title_th
FROM disclosure_item i
WHERE i.organisation_id = %s AND i.year = %s AND NOT EXISTS (
    SELECT 1 FROM disclosure_publication p
    WHERE p.item_id = i.id AND p.organisation_id = %s AND p.publish_at <= %s)
ORDER BY i."order", i.id
"""
# Earlier years' publications of these codes with a unit, the latest first per code.
# Parameters: organisation, year, the codes (IN).
LAST_UNITS = """
SELECT i.code, u.name_th
FROM disclosure_publication p
JOIN disclosure_item i ON i.id = p.item_id
JOIN core_unit u ON u.id = p.unit_id
WHERE p.organisation_id = %s AND i.year < %s AND i.code IN ({codes})
ORDER BY i.code, i.year DESC, p.publish_at DESC
"""


def _messages(viewer) -> list:
    if not viewer.user.has_perm("disclosure.read_messages"):
        return []
    params = [viewer.user.organisation_id]
    if "clerk" not in viewer.roles:
        params.append(viewer.user.pk)
    rows = fetch(WAITING.format(mine="" if len(params) == 1 else MINE), params)
    return [
        viewer.entry(
            "disclosure.answer",
            _("Answer “%(subject)s” from %(sender)s to %(executive)s")
            % {"subject": subject, "sender": sender, "executive": f"{prefix}{first} {last}"},
            viewer.link("disclosure:message", contact_message_id=message_id),
            add_working_days(created_at.date(), ANSWER_WITHIN, viewer.calendar),
        )
        for message_id, subject, sender, prefix, first, last, created_at in rows
    ]


def _last_units(organisation_id: int, year: int, codes: list[str]) -> dict[str, str]:
    """{item code: name of the unit that published it last}, from earlier years' publications."""
    units: dict[str, str] = {}
    for code, unit in fetch(LAST_UNITS.format(codes=in_list(codes)), [organisation_id, year, *codes]):
        units.setdefault(code, unit)
    return units


def _missing_items(viewer) -> list:
    if not viewer.user.has_perm("disclosure.publish"):
        return []
    organisation_id = viewer.user.organisation_id
    year = fiscal_year_of(viewer.today)
    missing = fetch(MISSING, [organisation_id, year, organisation_id, moment(timezone.now())])
    if not missing:
        return []
    units = _last_units(organisation_id, year, sorted({code for _pk, code, _title in missing}))
    year_end = fiscal_year_bounds(year)[1]
    found = []
    for item_id, code, title in missing:
        values = {"code": code, "title": title[:100], "unit": units.get(code, "")}
        title = (
            _("Publish OIT item %(code)s “%(title)s” (%(unit)s)")
            if values["unit"]
            else _("Publish OIT item %(code)s “%(title)s” (no unit has published it yet)")
        ) % values
        url = viewer.link("disclosure:item", year=year, item_id=item_id)
        found.append(viewer.entry("disclosure.publish", title, url, year_end))
    return found


def work_for(viewer) -> list:
    if viewer.person is None:
        return []
    return _messages(viewer) + _missing_items(viewer)
