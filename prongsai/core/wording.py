"""The words an organisation's type gives its offices: a municipality's ปลัดเทศบาล is an SAO's ปลัด อบต.

The recommendations library and the seed memo were written by a municipality (เทศบาลตำบลบ่อพลอย),
so their text says "ปลัดเทศบาล", "นายกเทศมนตรี" and "เทศบาล". Everything that prints such text for
an organisation passes it through `localise(text, kind)`, which puts the words of the
organisation's own type in their place; a municipality's text comes back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prongsai.core.models import OrganisationKind


@dataclass(frozen=True)
class Wording:
    body: str  # the organisation itself, as its own documents call it
    chief: str  # the elected executive
    clerk: str  # the permanent secretary (ปลัด)
    clerk_office: str  # the secretary's office
    council: str  # the elected council


MUNICIPAL = Wording("เทศบาล", "นายกเทศมนตรี", "ปลัดเทศบาล", "สำนักปลัดเทศบาล", "สภาเทศบาล")
WORDING = {
    OrganisationKind.CITY_MUNICIPALITY: MUNICIPAL,
    OrganisationKind.TOWN_MUNICIPALITY: MUNICIPAL,
    OrganisationKind.SUBDISTRICT_MUNICIPALITY: MUNICIPAL,
    OrganisationKind.SAO: Wording("อบต.", "นายก อบต.", "ปลัด อบต.", "สำนักปลัด", "สภา อบต."),
    OrganisationKind.PAO: Wording("อบจ.", "นายก อบจ.", "ปลัด อบจ.", "สำนักปลัด", "สภา อบจ."),
    OrganisationKind.OTHER: Wording("หน่วยงาน", "ผู้บริหาร", "ปลัด", "สำนักปลัด", "สภาท้องถิ่น"),
}

_FIELDS = ("clerk_office", "clerk", "council", "chief", "body")  # longest municipal word first
_MUNICIPAL_WORDS = re.compile("|".join(re.escape(getattr(MUNICIPAL, f)) for f in _FIELDS))
_FIELD_OF = {getattr(MUNICIPAL, f): f for f in _FIELDS}


def wording(kind: str) -> Wording:
    """The words of an organisation type; an unknown type gets the neutral words of OTHER."""
    return WORDING.get(kind, WORDING[OrganisationKind.OTHER])


def localise(text: str, kind: str) -> str:
    """`text` written by a municipality, in the words of an organisation of type `kind`."""
    words = wording(kind)
    if words is MUNICIPAL or not text:
        return text
    return _MUNICIPAL_WORDS.sub(lambda m: getattr(words, _FIELD_OF[m.group(0)]), text)
