"""ITA results in the database: saving, importing, exporting and analysing them.

The rules themselves are the pure modules (`framework`, `scoring`, `analysis`, `tabular`);
this module joins them to the models. A year's framework is its latest saved version
(`FrameworkVersion`, kept by `store.py`), else the shipped YAML, else the latest earlier year's
carried forward, so no year from 2563 to the next fiscal year is a dead end.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import time
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from prongsai.core import audit
from prongsai.core.models import Organisation, OrganisationKind
from prongsai.ita import analysis, recommendations, scoring, tabular
from prongsai.ita.framework import (
    Framework,
    FrameworkError,
    available_years,
    load_framework,
    load_framework_from_text,
)
from prongsai.ita.models import INDICATORS, DataOverride, FrameworkVersion, Result, Source
from prongsai.thai.fiscal import fiscal_year_of

IMPORT_BATCH = 1000
FIRST_YEAR = 2563  # the first year Prongsai ships a framework for


def framework_name(year: int) -> str:
    return f"ita-{year}"


def last_year(today=None) -> int:
    """The latest year every page must work for: the current fiscal year + 1, from the clock."""
    return fiscal_year_of(today or timezone.localdate()) + 1


def framework_for(year: int, *, version: int | None = None, today=None) -> Framework:
    """The framework in force for a year, in one small query (the text is parsed once per hash).

    The year's latest saved version, else its shipped file, else the latest earlier year's
    framework carried forward (`carried_forward_from` set, items unverified). `version` asks for
    what a result was scored with: a saved number, or 0 for the baseline without the year's own
    saved versions. FrameworkError for years outside 2563 .. next fiscal year without a framework.
    """
    if version:
        return _saved_version(year, version)
    heads = _heads()
    limit = year if version is None else year - 1
    head = heads.get(max((y for y in heads if y <= limit), default=0))
    shipped = max((y for y in available_years() if y <= year), default=None)
    source = max(head[0] if head else 0, shipped or 0)
    if not source or (source != year and not FIRST_YEAR <= year <= last_year(today)):
        raise FrameworkError(
            "year", f"ไม่มีกรอบการประเมิน ITA ปี {year}", f"there is no ITA framework for {year}"
        )
    key = head if head and head[0] == source else (source, None, "")
    try:
        return _framework_at(key, year)
    except FrameworkVersion.DoesNotExist:  # the cached list outlived its rows (a restored database)
        frameworks_changed()
        return framework_for(year, version=version, today=today)


HEADS_KEY = "ita:framework-heads"
HEADS_SECONDS = 60  # bounds staleness where the cache is per process (no Redis)


def _heads() -> dict[int, tuple[int, int, str]]:
    """Each year's latest saved version as (year, number, text hash), from the cache: most pages
    ask for a framework, and the list changes only when an administrator saves one."""
    heads = cache.get(HEADS_KEY)
    if heads is None:
        rows = FrameworkVersion.objects.order_by("year", "number").values_list("year", "number", "sha256")
        heads = {year: (year, number, sha) for year, number, sha in rows}
        cache.set(HEADS_KEY, heads, HEADS_SECONDS)
    return heads


def frameworks_changed() -> None:
    cache.delete(HEADS_KEY)


def _saved_version(year: int, number: int) -> Framework:
    sha = FrameworkVersion.objects.filter(year=year, number=number).values_list("sha256", flat=True).first()
    if sha is None:
        raise FrameworkError(
            "version", f"ไม่มีกรอบการประเมิน ITA ปี {year} ฉบับที่ {number}", f"ITA {year} has no version {number}"
        )
    return _framework_at((year, number, sha), year)


# Parsing YAML costs more than the rest of a page; the same text always gives the same result.
@functools.lru_cache(maxsize=64)
def _framework_at(key: tuple[int, int | None, str], year: int) -> Framework:
    """The framework of `key` (source year, saved number or None for the shipped file, text hash)
    as used for `year`: itself, or carried forward when `year` is later."""
    source, number, _sha = key
    if number is None:
        framework = load_framework(source)
    else:
        row = FrameworkVersion.objects.filter(year=source, number=number)
        text = row.values_list("text", flat=True).get()
        framework = replace(_parsed_framework(text, framework_name(source)), version=number)
    return framework if source == year else carried(framework, year)


def carried(framework: Framework, year: int) -> Framework:
    """A year without its own framework uses an earlier one, every item marked not yet confirmed."""
    note = (
        f"ยกมาจากกรอบการประเมินปี {framework.year} ยังไม่ยืนยัน "
        f"(carried forward from {framework.year}; not yet confirmed)"
    )
    return replace(
        framework,
        year=year,
        fiscal_year_ad=year - 543,
        label=f"ITA {year}",
        oit_items=tuple(replace(i, unverified=True, note=note) for i in framework.oit_items),
        unverified_parts=MappingProxyType({**framework.unverified_parts, "carried_forward": note}),
        carried_forward_from=framework.year,
        version=None,
    )


def saved_years() -> set[int]:
    return set(_heads())


def known_years(today=None) -> list[int]:
    """Every year a page may ask for: 2563 .. next fiscal year, and any year with a framework."""
    span = range(FIRST_YEAR, last_year(today) + 1)
    return sorted(set(span) | set(available_years()) | saved_years())


LIBRARY_KEY = "ita:library-override"


def library() -> recommendations.Library:
    """The recommendations library in force: an administrator's correction, else the shipped file.

    Which one is kept in the cache (every analysis page asks; a correction is rare, and saving or
    removing one forgets it: `library_changed`)."""
    kept = cache.get(LIBRARY_KEY)
    if kept is None:
        override = DataOverride.objects.filter(name=LIBRARY_NAME).only("text").first()
        kept = (override.text if override else None,)
        cache.set(LIBRARY_KEY, kept, HEADS_SECONDS)
    return _parsed_library(kept[0])


def library_changed(**kwargs) -> None:
    cache.delete(LIBRARY_KEY)


@functools.lru_cache(maxsize=16)
def _parsed_framework(text: str, origin: str) -> Framework:
    return load_framework_from_text(text, origin=origin)


@functools.lru_cache(maxsize=4)
def _parsed_library(text: str | None) -> recommendations.Library:
    return recommendations.load_library(text)


LIBRARY_NAME = "recommendations"


def frameworks() -> dict[int, Framework]:
    return {year: framework_for(year) for year in known_years()}


def _apply_check(result: Result, framework: Framework) -> scoring.ScoreResult:
    checked = scoring.check(framework, result.scores, result.reported_total, result.reported_rating or None)
    result.total, result.rating, result.mismatch = checked.total, checked.rating, checked.mismatch
    return checked


def save_result(
    organisation: Organisation,
    year: int,
    scores: Mapping[int, Decimal],
    *,
    reported_total: Decimal | None = None,
    reported_rating: str = "",
    oit_items: Mapping[str, bool] | None = None,
    source: str = Source.FORM,
) -> tuple[Result, scoring.ScoreResult]:
    """Create or replace the organisation's result for a year, with what the rules compute."""
    framework = framework_for(year)
    result = Result.objects.for_org(organisation).filter(year=year).first() or Result(
        organisation=organisation, year=year
    )
    for n in INDICATORS:
        setattr(result, f"indicator_{n}", scores[n])
    result.reported_total = reported_total
    result.reported_rating = reported_rating or ""
    result.oit_items = dict(oit_items or {})
    result.source = source
    result.framework_version = framework.version or 0
    checked = _apply_check(result, framework)
    result.save()
    results_changed(year)
    return result, checked


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created_organisations: int
    created: int
    updated: int
    errors: list[tabular.RowError]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "created_organisations": self.created_organisations,
            "created": self.created,
            "updated": self.updated,
            "errors": [e._asdict() for e in self.errors],
        }


KIND_WORDS = [
    ("เทศบาลนคร", OrganisationKind.CITY_MUNICIPALITY),
    ("เทศบาลเมือง", OrganisationKind.TOWN_MUNICIPALITY),
    ("เทศบาลตำบล", OrganisationKind.SUBDISTRICT_MUNICIPALITY),
    ("องค์การบริหารส่วนจังหวัด", OrganisationKind.PAO),
    ("อบจ", OrganisationKind.PAO),
    ("องค์การบริหารส่วนตำบล", OrganisationKind.SAO),
    ("อบต", OrganisationKind.SAO),
]


def kind_from_text(text: str) -> str:
    if text in OrganisationKind.values:
        return text
    return next((kind for word, kind in KIND_WORDS if word in text), OrganisationKind.OTHER)


def _slug_for(code: str) -> str:
    return "org-" + (slugify(code) or hashlib.sha256(code.encode()).hexdigest()[:12])


def _organisations_for(rows: list[tabular.ResultRow]) -> tuple[dict[str, Organisation], int]:
    """Organisations by official code, creating those the file names for the first time."""
    codes = {row.org_code for row in rows}
    known = _known_organisations(codes)
    new = []
    for row in rows:
        if row.org_code in known or any(o.official_code == row.org_code for o in new):
            continue
        new.append(
            Organisation(
                official_code=row.org_code,
                slug=_slug_for(row.org_code),
                name_th=row.org_name or row.org_code,
                kind=kind_from_text(row.org_type or row.org_name),
                province=row.province,
            )
        )
    Organisation.objects.bulk_create(new, batch_size=IMPORT_BATCH)
    known.update({o.official_code: o for o in Organisation.objects.filter(official_code__in=codes)})
    return known, len(new)


def _known_organisations(codes: set[str]) -> dict[str, Organisation]:
    """By official code; an organisation without one by its slug, which is what `export_rows`
    writes for it, so an export imported again matches it instead of creating a duplicate."""
    known = {o.official_code: o for o in Organisation.objects.filter(official_code__in=codes)}
    by_slug = Organisation.objects.filter(official_code="", slug__in=codes - known.keys())
    return known | {o.slug: o for o in by_slug}


def _result_for(row: tabular.ResultRow, organisation: Organisation, framework: Framework) -> Result:
    result = Result(
        organisation=organisation,
        year=row.year,
        reported_total=row.reported_total,
        reported_rating=row.reported_grade or "",
        oit_items=dict(row.oit_items),
        source=Source.IMPORT,
        framework_version=framework.version or 0,
        **{f"indicator_{n}": row.scores[n] for n in INDICATORS},
    )
    _apply_check(result, framework)
    return result


UPDATE_FIELDS = [
    *(f"indicator_{n}" for n in INDICATORS),
    "reported_total",
    "reported_rating",
    "oit_items",
    "total",
    "rating",
    "mismatch",
    "source",
    "framework_version",
]


def import_rows(
    rows: list[tabular.ResultRow], *, progress: Callable[[int, int], None] | None = None, checksum: str = ""
) -> ImportReport:
    """Store validated rows in one transaction: one organisation's year is created or replaced."""
    all_frameworks = frameworks()
    with transaction.atomic(), audit.acting_as(audit.current_actor() or "import"):
        organisations, created_orgs = _organisations_for(rows)
        existing = set(
            Result.objects.filter(organisation__in=organisations.values()).values_list("organisation", "year")
        )
        for start in range(0, len(rows), IMPORT_BATCH):
            batch = rows[start : start + IMPORT_BATCH]
            Result.objects.bulk_create(
                [_result_for(r, organisations[r.org_code], all_frameworks[r.year]) for r in batch],
                update_conflicts=True,
                unique_fields=["organisation", "year"],
                update_fields=UPDATE_FIELDS,
            )
            if progress:
                progress(start + len(batch), len(rows))
        _audit_import(rows, organisations, checksum)
    for year in {r.year for r in rows}:
        results_changed(year)
    updated = sum((organisations[r.org_code].pk, r.year) in existing for r in rows)
    return ImportReport(len(rows), created_orgs, len(rows) - updated, updated, [])


def _audit_import(rows, organisations, checksum: str) -> None:
    """Bulk writes skip the model signals, so each organisation's log gets one counted entry per
    import naming the rows' ids: `audit verify` notices when they vanish."""
    years: dict[str, list[int]] = {}
    for row in rows:
        years.setdefault(row.org_code, []).append(row.year)
    wanted = {(organisations[code].pk, year) for code, org_years in years.items() for year in org_years}
    ids: dict[int, list[int]] = {}
    stored = Result.objects.filter(organisation__in=[organisations[code] for code in years])
    for org_id, year, pk in stored.values_list("organisation_id", "year", "pk").iterator(chunk_size=5000):
        if (org_id, year) in wanted:
            ids.setdefault(org_id, []).append(pk)
    for code, org_years in years.items():
        organisation = organisations[code]
        changes = {"years": sorted(org_years), "file": checksum}
        audit.record_bulk(organisation, "ita.import", Result, ids.get(organisation.pk, []), changes=changes)


def import_file(data: bytes, filename: str, *, progress=None) -> ImportReport:
    """Read, validate and store a CSV/XLSX/JSON file; any bad row means nothing is stored."""
    try:
        raw = tabular.read_rows(data, filename)
    except tabular.TableFileError as exc:
        return ImportReport(0, 0, 0, 0, [tabular.RowError(0, "", exc.message_th, exc.message_en)])
    clean, errors = tabular.validate_rows(raw, frameworks())
    if errors:
        return ImportReport(len(raw), 0, 0, 0, errors)
    return import_rows(clean, progress=progress, checksum=hashlib.sha256(data).hexdigest())


def export_rows(results) -> list[tabular.ResultRow]:
    return [
        tabular.ResultRow(
            org_code=r.organisation.official_code or r.organisation.slug,
            org_name=r.organisation.name_th,
            org_type=r.organisation.kind,
            province=r.organisation.province,
            year=r.year,
            scores=r.scores,
            reported_total=r.reported_total,
            reported_grade=r.reported_rating,
            oit_items=dict(r.oit_items),
        )
        for r in results.select_related("organisation").order_by("organisation__official_code", "year")
    ]


PEER_GROUPS = ("kind", "province", "country")
PEER_CACHE_SECONDS = 300


def _version_key(year: int) -> str:
    return f"ita:results-version:{year}"


def results_changed(year: int) -> None:
    """Invalidate what is cached about a year's results (peer rankings)."""
    cache.set(_version_key(year), time.time_ns(), None)


def _hundredths(total: Decimal) -> int:
    return int(total * 100)


def _peer_table(year: int) -> dict[str, dict[str, array]]:
    """Every total of a year, sorted, by organisation type and by province: one query, then cached.

    A national server holds about 8,000 results a year; ranking against a cached sorted list
    keeps the analysis page as fast with all of them loaded as with a handful. Totals are kept as
    integer hundredths in arrays: the cache hands back a pickled copy on every request, and
    unpickling 24,000 Decimals cost about 10 ms a page where arrays of ints cost next to nothing.
    """
    version = cache.get_or_set(_version_key(year), time.time_ns, None)
    key = f"ita:peers:{year}:{version}"
    table = cache.get(key)
    if table is None:
        groups: dict[str, dict[str, list[int]]] = {group: {} for group in PEER_GROUPS}
        rows = Result.objects.filter(year=year).values_list(
            "organisation__kind", "organisation__province", "total"
        )
        for kind, province, total in rows:
            for group, value in (("kind", kind), ("province", province), ("country", "")):
                groups[group].setdefault(value, []).append(_hundredths(total))
        table = {
            group: {value: array("q", sorted(totals)) for value, totals in by_value.items()}
            for group, by_value in groups.items()
        }
        cache.set(key, table, PEER_CACHE_SECONDS)
    return table


def peers(result: Result) -> list[dict]:
    """Rank (1 = best, ties share) and percentile (share at or below) among peers of the same year."""
    org = result.organisation
    table = _peer_table(result.year)
    total = _hundredths(result.total)
    rows = []
    for group, value in (("kind", org.kind), ("province", org.province), ("country", "")):
        totals = table[group].get(value, ())
        if len(totals) > 1:
            above = len(totals) - bisect.bisect_right(totals, total)
            percentile = scoring.round2(Decimal(len(totals) - above) * 100 / len(totals))
            rows.append({"group": group, "count": len(totals), "rank": above + 1, "percentile": percentile})
    return rows


@dataclass(frozen=True)
class Analysis:
    result: Result
    framework: Framework
    checked: scoring.ScoreResult
    weak_points: list[analysis.WeakPoint]
    changes: list[analysis.Change]
    previous: Result | None
    history: list[Result]
    peers: list[dict]
    oit: dict
    paragraphs: list[tuple[analysis.WeakPoint, str]]  # each with its issues-to-fix paragraph (o42 table)
    measures: list[recommendations.ProposedMeasure]
    uncovered: list[str]

    @property
    def oit_disagreements(self) -> list[tuple[int, Decimal, Decimal]]:
        """OIT indicators, with every item recorded, whose entered score differs from what the items give."""
        recorded = set(self.result.oit_items)
        complete = {
            code for code in (9, 10)
            if all(i.code in recorded for i in self.framework.oit_items if i.indicator == code)
        }  # fmt: skip
        return [
            (code, self.result.scores[code], self.oit[code])
            for code in sorted(complete)
            if code in self.oit and abs(self.oit[code] - self.result.scores[code]) > scoring.TOLERANCE
        ]


def framework_of(result: Result) -> Framework:
    """The framework a result was scored with (its saved version), else the one in force."""
    try:
        return framework_for(result.year, version=result.framework_version)
    except FrameworkError:
        return framework_for(result.year)


def history_of(organisation) -> list[Result]:
    """Every result of an organisation by year: the analysis picks its year from it (one query)."""
    rows = list(Result.objects.for_org(organisation).order_by("year"))
    for row in rows:
        row.organisation = organisation  # the caller's own: no join to read it again
    return rows


def history_at(org_slug: str) -> list[Result]:
    """`history_of` the organisation at that public address, with it (one query; none: no results)."""
    rows = Result.objects.filter(organisation__slug=org_slug).select_related("organisation")
    return list(rows.order_by("year"))


def analyse(result: Result, history: list[Result] | None = None) -> Analysis:
    framework = framework_of(result)
    checked = scoring.check(framework, result.scores, result.reported_total, result.reported_rating or None)
    items = result.oit_items or None
    history = history_of(result.organisation) if history is None else history
    previous = next((r for r in reversed(history) if r.year < result.year), None)
    changes = analysis.year_over_year(previous.scores, result.scores) if previous else []
    oit = scoring.oit_from_items(framework, items) if items and framework.oit_item_rule else {}
    weak = analysis.weak_points(framework, result.scores, items)
    lib = library()
    measures = recommendations.propose(lib, framework, weak, items)
    paragraphs = [(w, recommendations.analysis_text(lib, framework, w, items)) for w in weak]
    return Analysis(
        result, framework, checked, weak, changes, previous, history, peers(result), oit,
        paragraphs, measures, recommendations.uncovered(framework, weak, items, measures),
    )  # fmt: skip
