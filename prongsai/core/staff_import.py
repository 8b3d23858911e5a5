"""The staff list from a spreadsheet: people, their positions and units, in one go or not at all.

Every row is checked before anything is written, and each error names its row in Thai and in
English; a file with any error writes nothing. Units and positions named in the file are found
by name or made; a person is matched by e-mail address, else by first and last name, so
importing the same list twice changes nothing. Reading goes through `core/sheets.py` (limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from prongsai.core import audit, duties, sheets
from prongsai.core.models import Organisation, Person, Position, Unit, User
from prongsai.thai.names import PREFIXES

LIMITS = sheets.Limits(max_bytes=2 * sheets.MIB, max_rows=3_000, max_columns=20, max_cell_chars=300)
# (key, Thai heading, English heading, required, longest)
COLUMNS = (
    ("prefix", "คำนำหน้า", "prefix", True, 50),
    ("first_name", "ชื่อ", "first name", True, 100),
    ("last_name", "นามสกุล", "last name", True, 100),
    ("position", "ตำแหน่ง", "position", True, 200),
    ("unit", "สังกัด", "unit", False, 200),
    ("email", "อีเมล", "e-mail", False, 254),
    ("phone", "โทรศัพท์", "phone", False, 50),
)
EXAMPLE = ("นาย", "สมชาย", "รักงาน", "นายช่างโยธา", "กองช่าง", "somchai@example.go.th", "0 3459 1234")


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    people: list[Person] = field(default_factory=list)


def template() -> bytes:
    """The file to fill in: Thai headings, an English line under them, one example row."""
    return sheets.xlsx_bytes(
        {"staff": [[c[1] for c in COLUMNS], [c[2] for c in COLUMNS], list(EXAMPLE)]},
        widths=dict(zip("ABCDEFG", (12, 18, 18, 30, 24, 30, 16), strict=True)),
    )


def _error(row: int, th: str, en: str) -> str:
    return f"แถว {row}: {th} (row {row}: {en})"


def _columns(header: list) -> dict[str, int] | str:
    names = [str(v or "").strip().casefold() for v in header]
    found = {}
    for key, th, en, required, _longest in COLUMNS:
        for label in (th, en, key):
            if label.casefold() in names:
                found[key] = names.index(label.casefold())
                break
        else:
            if required:
                return f"ไม่พบคอลัมน์ “{th}” ในแถวแรก (the first row has no “{en}” column)"
    return found


def _text(row: list, index: int) -> str:
    return str(row[index] if index < len(row) and row[index] is not None else "").strip()


def parse(data: bytes, filename: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """The rows as dicts with their row numbers, and the errors; nothing is written."""
    rows = list(sheets.read(data, filename, LIMITS))
    if not rows:
        return [], ["ไฟล์ว่าง (the file is empty)"]
    columns = _columns(rows[0])
    if isinstance(columns, str):
        return [], [columns]
    parsed, errors, emails = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        values = {k: _text(row, i) for k, i in columns.items()}
        if not any(values.values()) or values.get("first_name", "").casefold() == "first name":
            continue  # an empty line, or the template's English headings
        errors.extend(_check(number, values, emails))
        parsed.append((number, values))
    if not parsed and not errors:
        errors.append("ไม่มีรายชื่อในไฟล์ (the file lists nobody)")
    return parsed, errors


def _check(number: int, values: dict, emails: dict[str, int]) -> list[str]:
    errors = []
    for key, th, en, required, longest in COLUMNS:
        value = values.get(key, "")
        if required and not value:
            errors.append(_error(number, f"ต้องระบุ{th}", f"{en} is required"))
        elif len(value) > longest:
            errors.append(
                _error(number, f"{th}ยาวเกิน {longest} ตัวอักษร", f"{en} is over {longest} characters")
            )
    if values.get("prefix") and values["prefix"] not in PREFIXES:
        errors.append(_error(number, f"ไม่รู้จักคำนำหน้า “{values['prefix']}”", "unknown prefix"))
    email = values.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_error(number, "อีเมลไม่ถูกต้อง", "the e-mail address is not valid"))
        else:
            if email in emails:
                errors.append(
                    _error(number, f"อีเมลซ้ำกับแถว {emails[email]}", f"same e-mail as row {emails[email]}")
                )
            emails[email] = number
        values["email"] = email
    return errors


def _clashes(organisation: Organisation, parsed: list[tuple[int, dict]]) -> list[str]:
    """Addresses already used by a login of another organisation (or another person)."""
    emails = {v["email"]: n for n, v in parsed if v.get("email")}
    taken = User.objects.filter(email__in=emails).exclude(organisation=organisation, person__email__in=emails)
    return [
        _error(emails[u.email], "อีเมลนี้เป็นของผู้ใช้อื่นแล้ว", "another login already uses this e-mail address")
        for u in taken
        if u.email in emails
    ]


def run(organisation: Organisation, data: bytes, filename: str, *, by: User) -> Outcome:
    """Check every row; write all of them in one transaction, or none."""
    try:
        parsed, errors = parse(data, filename)
    except sheets.SheetError as exc:
        return Outcome(errors=[str(exc)])
    errors += _clashes(organisation, parsed)
    if errors:
        return Outcome(errors=errors)
    outcome = Outcome()
    with transaction.atomic(), audit.acting_as(by):
        units = {u.name_th: u for u in Unit.objects.for_org(organisation)}
        positions = {(p.title_th, p.unit_id): p for p in Position.objects.for_org(organisation)}
        people = list(Person.objects.for_org(organisation))
        by_email = {p.email.lower(): p for p in people if p.email}
        by_name = {(p.first_name, p.last_name): p for p in people}
        for _number, values in parsed:
            unit = None
            if values.get("unit"):
                unit = units.get(values["unit"])
                if unit is None:
                    unit = Unit.objects.create(organisation=organisation, name_th=values["unit"])
                    units[values["unit"]] = unit
            key = (values["position"], unit.pk if unit else None)
            position = positions.get(key)
            if position is None:
                position = positions[key] = Position.objects.create(
                    organisation=organisation, title_th=values["position"], unit=unit
                )
            person = by_email.get(values.get("email", ""))
            person = person or by_name.get((values["first_name"], values["last_name"]))
            fields = {k: values.get(k, "") for k in ("prefix", "first_name", "last_name", "email", "phone")}
            fields["position"] = position
            if person is None:
                person = Person.objects.create(organisation=organisation, **fields)
                outcome.created += 1
            else:
                if duties.same_person(person, by):
                    fields.pop("position")  # moving oneself waits for a second person (assignments.py)
                changed = {
                    k: v for k, v in fields.items() if getattr(person, k) != v and (v or k != "email")
                }
                if changed:
                    for name, value in changed.items():
                        setattr(person, name, value)
                    person.save()
                    outcome.updated += 1
            outcome.people.append(person)
    return outcome
