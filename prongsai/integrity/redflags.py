"""Procurement red flags from the imported แบบ สขร.๑ lines, per organisation and fiscal year.

Every indicator is one set-based SQL statement over all organisations at once (or one of them),
written in the SQL that SQLite and PostgreSQL share; only "a date plus n days" differs
(`_plus_days`). A flag is a reason to look at the rows, never a finding of wrongdoing: each
definition says what it counts and cites the Open Contracting Partnership's guide (`GUIDE`).

Assumptions of the data (แบบ สขร.๑ as offices fill it in):
- months 1..12 of the year count; month 0 is the plan, not a purchase;
- a supplier is the winner's text with its spaces removed ("หจก. ทางดี" = "หจก.ทางดี");
- bidders are listed one per line of their cell (or separated by ";"): one line is one bidder;
- the specific method (เฉพาะเจาะจง) asks one supplier by design, so the single-bidder rate counts
  the competitive methods only (e-bidding, e-market, selection);
- an amount is the agreed price, or the budget where no price is given.
"""

# ruff: noqa: S608 - the SQL is assembled from this module's constants only; values go as parameters
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.integrity import thresholds

GUIDE = (
    "Open Contracting Partnership & Development Gateway, “Red Flags for Integrity: Giving the green "
    "light to open data solutions” (2016)"
)
GUIDE_URL = "https://www.open-contracting.org/resources/red-flags-integrity-giving-green-light-open-data-solutions/"
SPLIT_WINDOW_DAYS = 30
TOP_SHARE = 0.5  # one supplier with half the year's value or more is worth a look
MIN_COMPARED = 10  # organisations with data before a national comparison means anything


@dataclass(frozen=True)
class Flag:
    code: str
    title: str
    explanation: str
    guide_indicator: str  # the indicator's name in GUIDE


FLAGS = {
    f.code: f
    for f in (
        Flag(
            "single_bidder",
            _("Single bidder"),
            _(
                "Purchases by a competitive method (not the specific method) that list only one "
                "bidder. One offer means the price was not tested by competition; it often has an "
                "innocent cause (a specialised item, a small market) and is worth checking."
            ),
            "Single bidder / low number of bidders",
        ),
        Flag(
            "top_supplier",
            _("Top supplier's share"),
            _(
                "The share of the year's procurement value won by the supplier who won the most. "
                "A share of half or more shows that purchases depend on one supplier; the market "
                "may be small, or competition may be worth widening."
            ),
            "High concentration of contracts awarded to one supplier",
        ),
        Flag(
            "split_purchase",
            _("Purchases from one supplier under a ceiling within 30 days"),
            _(
                "Two or more purchases from the same supplier within 30 days, each under a legal "
                "ceiling of its method, that together exceed it. Purchases may be split to stay "
                "under a ceiling; they may also be separate needs. The office can explain which."
            ),
            "Contract splitting to stay below procurement thresholds",
        ),
        Flag(
            "price_equals_budget",
            _("Price equal to the budget"),
            _(
                "Purchases whose agreed price is exactly the budget. A price equal to the estimate "
                "suggests that the estimate was known to the supplier or that there was no "
                "bargaining; for small fixed-price items it is usual."
            ),
            "Winning price very close to or equal to the estimated price",
        ),
        Flag(
            "declared_relation",
            _("Committee member with a declared relation to the winner"),
            _(
                "A member of the procurement committee declared, for this purchase or in the "
                "year's declaration, a relation to the firm or person who won. A declared "
                "relation is the system working: it asks whether the member stepped aside."
            ),
            "Conflict of interest between procurement officials and suppliers",
        ),
    )
}


@dataclass
class Indicators:
    """One organisation's year. Rates are None when there is nothing to divide."""

    organisation_id: int
    fiscal_year: int
    lines: int = 0
    competitive: int = 0
    single_bidder: int = 0
    price_equals_budget: int = 0
    split_purchases: int = 0
    declared_relations: int = 0
    top_supplier: str = ""
    top_supplier_share: float | None = None
    rows: dict[str, list[int]] = field(default_factory=dict)  # flag → line ids, when asked for

    @property
    def single_bidder_rate(self) -> float | None:
        return self.single_bidder / self.competitive if self.competitive else None

    @property
    def price_equals_budget_rate(self) -> float | None:
        return self.price_equals_budget / self.lines if self.lines else None

    @property
    def flagged(self) -> list[str]:
        """The flags raised this year, in `FLAGS` order."""
        raised = {
            "single_bidder": self.single_bidder > 0,
            "top_supplier": (self.top_supplier_share or 0) >= TOP_SHARE,
            "split_purchase": self.split_purchases > 0,
            "price_equals_budget": self.price_equals_budget > 0,
            "declared_relation": self.declared_relations > 0,
        }
        return [code for code in FLAGS if raised[code]]

    def public(self) -> dict:
        """Counts and rates only: no supplier, no rows (what the public and the API may see)."""
        data = asdict(self)
        data.pop("rows")
        data.pop("top_supplier")
        data["single_bidder_rate"] = self.single_bidder_rate
        data["price_equals_budget_rate"] = self.price_equals_budget_rate
        data["flagged"] = self.flagged
        return data


# --- SQL -------------------------------------------------------------------------------------

SUPPLIER = "REPLACE(TRIM(l.winner), ' ', '')"
AMOUNT = "COALESCE(l.price, l.budget)"
LINES = (
    "disclosure_procurementline l JOIN disclosure_procurementsummary s ON s.id = l.summary_id "
    "WHERE s.year = %s AND s.month > 0"
)
COMPETITIVE = "l.method NOT LIKE %s AND l.bidders <> ''"
ONE_BIDDER = "l.bidders NOT LIKE %s AND l.bidders NOT LIKE %s"


def _day_number(column: str) -> str:
    """A date as a whole number of days, so that a window frame can reach 30 days (RANGE n)."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '2000-01-01')"
    return f"CAST(julianday({column}) AS INTEGER)"


def _org_filter(org_id: int | None, alias: str = "l") -> tuple[str, list]:
    return (f" AND {alias}.organisation_id = %s", [org_id]) if org_id is not None else ("", [])


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(year: int, org_id: int | None) -> list[tuple]:
    where, extra = _org_filter(org_id)
    sql = (
        "SELECT l.organisation_id, COUNT(*), "
        f"SUM(CASE WHEN {COMPETITIVE} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {COMPETITIVE} AND {ONE_BIDDER} THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN l.price = l.budget THEN 1 ELSE 0 END) "
        f"FROM {LINES}{where} GROUP BY l.organisation_id"
    )
    specific = f"%{thresholds.SPECIFIC}%"
    separators = ["%\n%", "%;%"]
    return _fetch(sql, [specific, specific, *separators, year, *extra])


def _supplier_totals(year: int, org_id: int | None) -> list[tuple]:
    where, extra = _org_filter(org_id)
    sql = (
        f"SELECT l.organisation_id, {SUPPLIER}, SUM({AMOUNT}) FROM {LINES} AND l.winner <> ''{where} "
        f"GROUP BY l.organisation_id, {SUPPLIER}"
    )
    return _fetch(sql, [year, *extra])


def _split_lines(year: int, org_id: int | None) -> list[tuple]:
    """(organisation, line) of every purchase inside a 30-day window of one supplier's purchases
    under a ceiling whose sum exceeds it (a window starts at each purchase).

    Two window passes over the candidates ordered by supplier and day, one sort: the first marks the
    purchases that start such a window, the second the purchases within 30 days after a start."""
    where, extra = _org_filter(org_id)
    found: set[tuple] = set()
    for threshold in thresholds.for_year(year):
        sql = (
            f"WITH c AS (SELECT l.id, l.organisation_id AS org, {SUPPLIER} AS supplier, "
            f"{_day_number('l.contract_date')} AS day, {AMOUNT} AS amount FROM {LINES} "
            "AND l.winner <> '' AND l.contract_date IS NOT NULL AND l.method LIKE %s "
            f"AND {AMOUNT} < CAST(%s AS NUMERIC){where}), "
            "w AS (SELECT id, org, supplier, day, COUNT(*) OVER ahead AS n, SUM(amount) OVER ahead AS total "
            f"FROM c WINDOW ahead AS (PARTITION BY org, supplier ORDER BY day "
            f"RANGE BETWEEN CURRENT ROW AND {SPLIT_WINDOW_DAYS} FOLLOWING)), "
            "s AS (SELECT id, org, supplier, day, "
            "CASE WHEN n >= 2 AND total > CAST(%s AS NUMERIC) THEN 1 ELSE 0 END AS opens FROM w), "
            "m AS (SELECT id, org, MAX(opens) OVER (PARTITION BY org, supplier ORDER BY day "
            f"RANGE BETWEEN {SPLIT_WINDOW_DAYS} PRECEDING AND CURRENT ROW) AS inside FROM s) "
            "SELECT org, id FROM m WHERE inside = 1"
        )
        ceiling = str(threshold.ceiling)  # cast in the SQL: SQLite never finds a number equal to text
        params = [year, f"%{threshold.method_contains}%", ceiling, *extra, ceiling]
        found.update(_fetch(sql, params))
    return sorted(found)


def _declared_relation_lines(year: int, org_id: int | None) -> list[tuple]:
    """(organisation, line) where a committee member of the line declared a relation to its winner,
    in the line's own declaration or in their annual declaration of the same fiscal year."""
    where, extra = _org_filter(org_id)
    committee = (
        "FROM integrity_declaration d JOIN disclosure_procurementline l ON l.id = d.procurement_line_id "
        "JOIN disclosure_procurementsummary s ON s.id = l.summary_id "
    )
    matches = f"(r.name_key = {SUPPLIER} OR l.winner LIKE '%%' || r.tax_id || '%%')"
    scope = f"WHERE d.kind = 'procurement' AND s.year = %s AND s.month > 0 AND l.winner <> ''{where}"
    sql = (
        f"SELECT l.organisation_id, l.id {committee}"
        f"JOIN integrity_declaredrelation r ON r.declaration_id = d.id {scope} AND {matches} "
        f"UNION SELECT l.organisation_id, l.id {committee}"
        "JOIN integrity_declaration a ON a.person_id = d.person_id AND a.organisation_id = d.organisation_id "
        "AND a.kind = 'annual' AND a.fiscal_year = s.year "
        f"JOIN integrity_declaredrelation r ON r.declaration_id = a.id {scope} AND {matches}"
    )
    return _fetch(sql, [year, *extra, year, *extra])


def _row_ids(year: int, org_id: int) -> dict[str, list[int]]:
    """The lines behind the per-line flags of one organisation (for staff pages)."""
    specific = f"%{thresholds.SPECIFIC}%"
    single = _fetch(
        f"SELECT l.id FROM {LINES} AND {COMPETITIVE} AND {ONE_BIDDER} AND l.organisation_id = %s",
        [year, specific, "%\n%", "%;%", org_id],
    )
    equal = _fetch(
        f"SELECT l.id FROM {LINES} AND l.price = l.budget AND l.organisation_id = %s", [year, org_id]
    )
    return {
        "single_bidder": sorted(r[0] for r in single),
        "price_equals_budget": sorted(r[0] for r in equal),
    }


def _top_supplier_ids(year: int, org_id: int, supplier: str) -> list[int]:
    sql = f"SELECT l.id FROM {LINES} AND l.organisation_id = %s AND {SUPPLIER} = %s"
    rows = _fetch(sql, [year, org_id, supplier])
    return sorted(r[0] for r in rows)


def compute(year: int, org_id: int | None = None, with_rows: bool = False) -> dict[int, Indicators]:
    """The year's indicators of every organisation with procurement lines (or of one)."""
    result: dict[int, Indicators] = {}
    for org, lines, competitive, single, equal in _counts(year, org_id):
        result[org] = Indicators(org, year, lines, competitive or 0, single or 0, equal or 0)
    totals: dict[int, float] = defaultdict(float)
    best: dict[int, tuple[float, str]] = {}
    for org, supplier, amount in _supplier_totals(year, org_id):
        amount = float(amount or 0)
        totals[org] += amount
        if org not in best or (amount, supplier) > best[org]:
            best[org] = (amount, supplier)
    for org, (amount, supplier) in best.items():
        if org in result and totals[org] > 0:
            result[org].top_supplier, result[org].top_supplier_share = supplier, amount / totals[org]
    split = _split_lines(year, org_id)
    related = _declared_relation_lines(year, org_id)
    for name, count_field, pairs in (
        ("split_purchase", "split_purchases", split),
        ("declared_relation", "declared_relations", related),
    ):
        by_org: dict[int, list[int]] = defaultdict(list)
        for org, line in pairs:
            by_org[org].append(line)
        for org, ids in by_org.items():
            if org in result:
                setattr(result[org], count_field, len(ids))
                if with_rows:
                    result[org].rows[name] = sorted(ids)
    if with_rows:
        for org, indicators in result.items():
            indicators.rows = {code: indicators.rows.get(code, []) for code in FLAGS}
            indicators.rows.update(_row_ids(year, org))
            if indicators.top_supplier:
                indicators.rows["top_supplier"] = _top_supplier_ids(year, org, indicators.top_supplier)
    return result


def for_organisation(organisation, year: int, with_rows: bool = False) -> Indicators:
    return compute(year, organisation.pk, with_rows).get(organisation.pk) or Indicators(organisation.pk, year)


def store(year: int, org_id: int | None = None) -> int:
    """Compute and keep the year's indicators (all organisations, or one) for the national
    comparison; organisations without lines this year lose their row. Returns the count kept."""
    from prongsai.integrity.models import RedFlagSummary

    now = timezone.now()
    computed = compute(year, org_id)
    fields = ["lines", "competitive", "single_bidder", "top_supplier_share", "split_purchases",
              "price_equals_budget", "declared_relations"]  # fmt: skip
    rows = [
        RedFlagSummary(organisation_id=org, fiscal_year=year, computed_at=now,
                       **{name: getattr(ind, name) for name in fields})
        for org, ind in computed.items()
    ]  # fmt: skip
    with transaction.atomic():
        stale = RedFlagSummary.objects.filter(fiscal_year=year)
        if org_id is not None:
            stale = stale.filter(organisation_id=org_id)
        stale.delete()
        RedFlagSummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@dataclass
class Comparison:
    """Where one organisation stands among all kept for the year: the share of organisations with
    the flag, and the median of the rates."""

    organisations: int
    with_flag: dict[str, int]
    median_single_bidder_rate: float | None
    median_top_supplier_share: float | None


def _median(values: list[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def national(year: int) -> Comparison | None:
    """The national picture from the kept indicators, or None below `MIN_COMPARED` organisations."""
    from prongsai.integrity.models import RedFlagSummary

    rows = list(
        RedFlagSummary.objects.filter(fiscal_year=year).values_list(
            "competitive", "single_bidder", "top_supplier_share", "split_purchases", "price_equals_budget",
            "declared_relations",
        )
    )  # fmt: skip
    if len(rows) < MIN_COMPARED:
        return None
    with_flag = {
        "single_bidder": sum(1 for r in rows if r[1]),
        "top_supplier": sum(1 for r in rows if (r[2] or 0) >= TOP_SHARE),
        "split_purchase": sum(1 for r in rows if r[3]),
        "price_equals_budget": sum(1 for r in rows if r[4]),
        "declared_relation": sum(1 for r in rows if r[5]),
    }
    return Comparison(
        organisations=len(rows),
        with_flag=with_flag,
        median_single_bidder_rate=_median([r[1] / r[0] for r in rows if r[0]]),
        median_top_supplier_share=_median([r[2] for r in rows if r[2] is not None]),
    )
