"""ITA results in the database: saving, importing, exporting and analysing them.

The rules themselves are the pure modules (`framework`, `scoring`, `analysis`, `tabular`);
this module joins them to the models. A year's framework is the shipped YAML unless an
administrator saved a correction (`DataOverride`), which then wins.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import time
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
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
from prongsai.ita.models import INDICATORS, DataOverride, Result, Source

IMPORT_BATCH = 1000


def framework_name(year: int) -> str:
    return f"ita-{year}"


def framework_for(year: int) -> Framework:
    """The framework in force for a year: an administrator's correction, else the shipped file."""
    override = DataOverride.objects.filter(name=framework_name(year)).only("text").first()
    if override is not None:
        return _parsed_framework(override.text, framework_name(year))
    if year not in available_years():
        raise FrameworkError(
            "year", f"ไม่มีกรอบการประเมิน ITA ปี {year}", f"there is no ITA framework for {year}"
        )
    return load_framework(year)


def known_years() -> list[int]:
    overridden = [
        int(name.removeprefix("ita-"))
        for name in DataOverride.objects.filter(name__startswith="ita-").values_list("name", flat=True)
    ]
    return sorted(set(available_years()) | set(overridden))


def library() -> recommendations.Library:
    """The recommendations library in force: an administrator's correction, else the shipped file."""
    override = DataOverride.objects.filter(name=LIBRARY_NAME).only("text").first()
    return _parsed_library(override.text if override else None)


# Parsing YAML costs more than the rest of a page; the same text always gives the same result.
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


def analyse(result: Result) -> Analysis:
    framework = framework_for(result.year)
    checked = scoring.check(framework, result.scores, result.reported_total, result.reported_rating or None)
    items = result.oit_items or None
    history = list(Result.objects.for_org(result.organisation).order_by("year"))
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
