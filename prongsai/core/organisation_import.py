"""Organisations in bulk from a file of official codes (รหัส อปท.), for the national administrator.

Keyed by the official code, so importing the same file again changes nothing and a corrected
file updates names in place. The type is taken from its column (a code or the Thai words), else
from the start of the Thai name. Every row is checked first; a file with any error writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from prongsai.core import audit, sheets
from prongsai.core.models import RESERVED_SLUGS, Organisation, OrganisationKind, User

LIMITS = sheets.Limits(max_bytes=5 * sheets.MIB, max_rows=10_000, max_columns=20, max_cell_chars=300)
COLUMNS = (  # key, Thai heading, English heading, required
    ("official_code", "รหัส อปท.", "official code", True),
    ("name_th", "ชื่อ", "name", True),
    ("kind", "ประเภท", "type", False),
    ("province", "จังหวัด", "province", True),
    ("district", "อำเภอ", "district", False),
    ("slug", "ชื่อที่อยู่เว็บ", "address name", False),
)
# Longest first, so เทศบาลตำบล is not read as เทศบาล…; Thai words and the codes themselves.
KIND_WORDS = (
    ("องค์การบริหารส่วนจังหวัด", OrganisationKind.PAO), ("องค์การบริหารส่วนตำบล", OrganisationKind.SAO),
    ("เทศบาลนคร", OrganisationKind.CITY_MUNICIPALITY), ("เทศบาลเมือง", OrganisationKind.TOWN_MUNICIPALITY),
    ("เทศบาลตำบล", OrganisationKind.SUBDISTRICT_MUNICIPALITY), ("อบจ.", OrganisationKind.PAO),
    ("อบต.", OrganisationKind.SAO), ("ทต.", OrganisationKind.SUBDISTRICT_MUNICIPALITY),
    ("ทม.", OrganisationKind.TOWN_MUNICIPALITY), ("ทน.", OrganisationKind.CITY_MUNICIPALITY),
)  # fmt: skip
EXAMPLE = ["5710107", "เทศบาลตำบลบ่อพลอย", "เทศบาลตำบล", "กาญจนบุรี", "บ่อพลอย", ""]
CODE = re.compile(r"^[0-9]{4,20}$")


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def template() -> bytes:
    return sheets.xlsx_bytes(
        {"organisations": [[c[1] for c in COLUMNS], [c[2] for c in COLUMNS], EXAMPLE]}
    )


def kind_of(value: str, name: str) -> str | None:
    value = value.strip()
    if value in OrganisationKind.values:
        return value
    for text in (value, name):
        for words, kind in KIND_WORDS:
            if text.startswith(words):
                return kind
    return OrganisationKind.OTHER if not value else None


def _error(row: int, th: str, en: str) -> str:
    return f"แถว {row}: {th} (row {row}: {en})"


def _text(row: list, index: int) -> str:
    return str(row[index] if index < len(row) and row[index] is not None else "").strip()


def _rows(data: bytes, filename: str) -> tuple[list[tuple[int, dict]], list[str]]:
    rows = list(sheets.read(data, filename, LIMITS))
    if not rows:
        return [], ["ไฟล์ว่าง (the file is empty)"]
    names = [str(v or "").strip().casefold() for v in rows[0]]
    columns = {}
    for key, th, en, required in COLUMNS:
        index = next((names.index(x.casefold()) for x in (th, en, key) if x.casefold() in names), None)
        if index is None and required:
            return [], [f"ไม่พบคอลัมน์ “{th}” ในแถวแรก (the first row has no “{en}” column)"]
        if index is not None:
            columns[key] = index
    parsed, errors, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        values = {k: _text(row, i) for k, i in columns.items()}
        if not any(values.values()) or values["official_code"].casefold() == "official code":
            continue
        code = values["official_code"]
        if not CODE.match(code):
            errors.append(_error(number, "รหัส อปท. ต้องเป็นตัวเลข ๔-๒๐ หลัก", "the official code is 4-20 digits"))
        elif code in seen:
            errors.append(_error(number, f"รหัสซ้ำกับแถว {seen[code]}", f"same code as row {seen[code]}"))
        seen.setdefault(code, number)
        if not values["name_th"] or not values["province"]:
            errors.append(_error(number, "ต้องระบุชื่อและจังหวัด", "the name and province are required"))
        for key in ("name_th", "province", "district"):
            if len(values.get(key, "")) > 100 + 100 * (key == "name_th"):
                errors.append(_error(number, "ข้อความยาวเกินไป", f"{key} is too long"))
        values["kind"] = kind_of(values.get("kind", ""), values["name_th"])
        if values["kind"] is None:
            errors.append(_error(number, "ไม่รู้จักประเภท อปท.", "unknown type of organisation"))
        slug = values.get("slug") or f"lao-{code}"
        if not re.match(r"^[a-z0-9][a-z0-9-]{0,59}$", slug) or slug in RESERVED_SLUGS:
            errors.append(_error(number, "ชื่อที่อยู่เว็บใช้ไม่ได้", "the address name cannot be used"))
        values["slug"] = slug
        parsed.append((number, values))
    return parsed, errors


def run(data: bytes, filename: str, *, by: User) -> Outcome:
    try:
        parsed, errors = _rows(data, filename)
    except sheets.SheetError as exc:
        return Outcome(errors=[str(exc)])
    codes, wanted = [v["official_code"] for _n, v in parsed], [v["slug"] for _n, v in parsed]
    existing = {o.official_code: o for o in Organisation.objects.filter(official_code__in=codes)}
    slugs = dict(Organisation.objects.filter(slug__in=wanted).values_list("slug", "official_code"))
    for number, values in parsed:
        owner = slugs.get(values["slug"])
        if owner is not None and owner != values["official_code"] and values["official_code"] not in existing:
            errors.append(
                _error(number, "ชื่อที่อยู่เว็บนี้มีผู้ใช้แล้ว", "another organisation has this address name")
            )
    if errors:
        return Outcome(errors=errors)
    outcome = Outcome()
    fields = ("name_th", "kind", "province", "district")
    with transaction.atomic(), audit.acting_as(by):
        for _number, values in parsed:
            organisation = existing.get(values["official_code"])
            if organisation is None:
                given = {f: values.get(f, "") for f in fields}
                code, slug = values["official_code"], values["slug"]
                Organisation.objects.create(official_code=code, slug=slug, **given)
                outcome.created += 1
                continue
            changed = [f for f in fields if values.get(f) and getattr(organisation, f) != values[f]]
            if changed:
                for name in changed:
                    setattr(organisation, name, values[name])
                organisation.save()
                outcome.updated += 1
            else:
                outcome.unchanged += 1
    return outcome
