"""ITA frameworks kept as versioned data: what the national administrator saves, imports and
carries forward, so a new year needs no code change and no deploy.

Why this shape:
- Every save is a new `FrameworkVersion` (the whole YAML text), never an edit: results keep the
  version they were scored with, and the audit log (global chain, frameworks are national) holds
  who changed what and why.
- The whole framework is validated before anything is written (`framework.load_framework_from_text`
  names the field at fault in Thai and English); a failed save or import leaves the year unchanged.
- After a save the year's OIT catalogues follow the new item list (`disclosure.catalogue.resync_year`),
  and so do later years that have no framework of their own and carry this one forward.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import yaml
from django.db import transaction
from django.db.models import Max

from prongsai.core import audit
from prongsai.ita import item_sheet, results
from prongsai.ita.framework import (
    DATA_DIR,
    Framework,
    FrameworkError,
    available_years,
    load_framework_from_text,
)
from prongsai.ita.models import FrameworkVersion
from prongsai.ita.results import framework_for, known_years, last_year, saved_years

MAX_YAML_BYTES = 2 * 1024 * 1024
VERIFIED, PARTLY_VERIFIED, CARRIED_FORWARD = "verified", "partly_verified", "carried_forward"


@dataclass(frozen=True)
class YearState:
    year: int
    kind: str  # VERIFIED, PARTLY_VERIFIED or CARRIED_FORWARD
    carried_from: int | None
    version: int | None
    items: int
    indicators: int = 0

    @property
    def carry_source(self) -> int | None:
        """The year a carried year is copied from when made its own: the year before it."""
        return self.year - 1 if self.carried_from is not None else None

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "state": self.kind,
            "carried_forward_from": self.carried_from,
            "version": self.version,
            "items": self.items,
            "indicators": self.indicators,
        }


def kind_of(framework: Framework) -> str:
    if framework.carried_forward_from is not None and framework.unverified_parts:
        return CARRIED_FORWARD
    return PARTLY_VERIFIED if framework.unverified_parts else VERIFIED


def state(year: int, *, today=None) -> YearState:
    framework = framework_for(year, today=today)
    return YearState(
        year=year,
        kind=kind_of(framework),
        carried_from=framework.carried_forward_from,
        version=framework.version,
        items=len(framework.oit_items),
        indicators=len(framework.indicators),
    )


def states(years=None, *, today=None) -> list[YearState]:
    """Default: 2563 .. the next fiscal year, plus every year with a shipped or saved framework."""
    return [state(year, today=today) for year in (years or known_years(today))]


def current_text(year: int) -> str:
    """The YAML in force: the latest saved version, the shipped file, or an earlier year's carried forward."""
    text = (
        FrameworkVersion.objects.filter(year=year).order_by("-number").values_list("text", flat=True).first()
    )
    if text is not None:
        return text
    path = DATA_DIR / f"ita-{year}.yaml"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    source = framework_for(year).carried_forward_from  # FrameworkError beyond the years we serve
    return carried_text(current_text(source), source, year)


def _serves(year: int) -> bool:
    try:
        framework_for(year)
    except FrameworkError:
        return False
    return True


def carried_text(text: str, from_year: int, to_year: int) -> str:
    """An earlier year's YAML made into `to_year`'s: every part marked unverified, its source named."""
    data = yaml.safe_load(text)
    note = f"ยกมาจากปี {from_year} (carried forward from {from_year})"
    data.update(
        year=to_year, fiscal_year_ad=to_year - 543, label=f"ITA {to_year}", carried_forward_from=from_year
    )
    data["framework_note"] = f"{note}. {data.get('framework_note') or ''}".strip()
    data.pop("national_result", None)  # the earlier year's figures, not this year's
    for group in data.get("groups") or []:
        group["weight_total_unverified"] = True
    for indicator in data.get("indicators") or []:
        indicator["weight_unverified"] = True
    for key in ("grade_bands", "result_levels"):
        if data.get(key):
            data[f"{key}_unverified"] = True
            data[f"{key}_note"] = note
    for section in ("oit_sub_indicators", "oit_items"):
        for entry in data.get(section) or []:
            entry.update(unverified=True, source=note)
    for key in ("iit_questions", "eit_questions"):
        if isinstance(data.get(key), list):
            data[f"{key}_unverified"] = True
            data[f"{key}_note"] = note
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def validate(year: int, text: str) -> Framework:
    """The whole framework checked, or FrameworkError naming the field; nothing is written."""
    framework = load_framework_from_text(text, origin=f"ita-{year}")
    if framework.year != year:
        raise FrameworkError(
            f"ita-{year}.year",
            f"ปีในข้อมูล ({framework.year}) ไม่ตรงกับปี {year}",
            f"the year in the text ({framework.year}) is not {year}",
        )
    return framework


def save_text(year: int, text: str, *, user, reason: str) -> FrameworkVersion:
    """Validate the whole framework and save it as the year's next version, audited."""
    if not (reason or "").strip():
        raise FrameworkError("reason", "ต้องระบุเหตุผลของการแก้ไข", "a reason for the change is required")
    validate(year, text)
    with transaction.atomic(), audit.acting_as(user or audit.current_actor()):
        latest = (
            FrameworkVersion.objects.select_for_update().filter(year=year).aggregate(n=Max("number"))["n"]
        )
        version = FrameworkVersion.objects.create(
            year=year,
            number=(latest or 0) + 1,
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            reason=reason.strip()[:500],
            created_by=user if getattr(user, "pk", None) else None,
        )
        results.frameworks_changed()
        transaction.on_commit(results.frameworks_changed)  # and for readers that cached meanwhile
        _resync_from(year)
    return version


def _resync_from(year: int) -> None:
    """The year's catalogues, and those of later years that carry this year's framework forward."""
    from prongsai.disclosure.catalogue import resync_year

    resync_year(year)
    for later in range(year + 1, last_year() + 1):
        if framework_for(later).carried_forward_from != year:
            break
        resync_year(later)


def _own_years() -> set[int]:
    return set(available_years()) | saved_years()


def carry_forward(to_year: int, *, user, from_year: int | None = None, reason: str = "") -> FrameworkVersion:
    """Start `to_year` as a copy of an earlier year (default: the latest one with its own framework).

    The source may itself be carried forward (2570 read from 2568): its text in force is copied.
    """
    own = _own_years()
    if to_year in own:
        raise FrameworkError(
            "year", f"ปี {to_year} มีกรอบการประเมินอยู่แล้ว", f"{to_year} already has a framework of its own"
        )
    if from_year is None:
        from_year = max((y for y in own if y < to_year), default=None)
    if from_year is None or from_year >= to_year or not _serves(from_year):
        raise FrameworkError(
            "from_year",
            "ต้องยกมาจากปีก่อนหน้าที่มีกรอบการประเมิน",
            "carry forward from an earlier year that has a framework",
        )
    text = carried_text(current_text(from_year), from_year, to_year)
    fixed = f"ยกมาจากปี {from_year} (carried forward from {from_year})"
    full = f"{fixed}: {reason.strip()}" if (reason or "").strip() else fixed
    return save_text(to_year, text, user=user, reason=full[:500])


def import_file(year: int, content: bytes, filename: str, *, user, reason: str) -> FrameworkVersion:
    """`.yaml`/`.yml`: a whole framework; `.xlsx`: the OIT item list laid onto the year's framework."""
    name = (filename or "").lower()
    if name.endswith((".yaml", ".yml")):
        return save_text(year, _yaml_text(content, filename), user=user, reason=reason)
    if name.endswith(".xlsx"):
        data = yaml.safe_load(current_text(year))
        declared = bool(data.get("oit_sub_indicators"))
        data["oit_items"] = item_sheet.read_items(
            content, filename, framework_for(year), declared_subs=declared
        )
        data.pop("oit_items_unverified", None)
        data.setdefault("year", year)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
        return save_text(year, text, user=user, reason=reason)
    raise FrameworkError(
        "file", "รองรับเฉพาะไฟล์ .yaml .yml หรือ .xlsx", "only .yaml, .yml or .xlsx files can be imported"
    )


def _yaml_text(content: bytes, filename: str) -> str:
    if len(content) > MAX_YAML_BYTES:
        raise FrameworkError(filename, "ไฟล์ใหญ่เกิน 2 MiB", "the file is larger than 2 MiB")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(filename, "ไฟล์ต้องเข้ารหัสแบบ UTF-8", "the file must be UTF-8 text") from exc


def xlsx_template(year: int) -> bytes:
    """The year's OIT item list as the spreadsheet `import_file` reads back."""
    raw = {
        str(e.get("code", "")).lower(): e for e in yaml.safe_load(current_text(year)).get("oit_items") or []
    }
    return item_sheet.template(framework_for(year), raw)
