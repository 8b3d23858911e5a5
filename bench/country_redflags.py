"""Country scale, red flags: every organisation's procurement red flags for one year, on PostgreSQL.

Run: `make bench-country` (after the country-scale simulation), or
`.venv/bin/python bench/country_redflags.py`.
BENCH_COUNTRY_ORGS (default 7850, the number of อปท.) sets the size; BENCH_REDFLAG_LINES (150) the
แบบ สขร.๑ lines per organisation in the year (a small SAO files a hundred or so, a city several hundred).

What it does, on a throwaway PostgreSQL (as `country_scale.py`, with its COPY writer):
1. Generates the organisations with one login and three committee members each, twelve monthly
   procurement summaries of the current fiscal year (from the clock) and their lines: mostly the
   specific method with a one-bidder cell, some e-bidding and e-market with one to four bidders,
   suppliers drawn from a local pool (so that one supplier's purchases cluster, and some windows of
   30 days cross a ceiling), a fifth of specific purchases at exactly the budget. Each competitive
   line has three committee declarations; each member has an annual declaration, one in five naming
   a local supplier as a relation.
2. Times `redflags.store(year)`: every indicator of every organisation, computed with the
   set-based SQL the command and the background task use, and written to the national table.
   Target (issue 20): under 60 s. Also times one organisation's indicators with their rows (the
   staff page's work) and the national comparison's read.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

import harness
from country_scale import PG_SETTINGS, PROVINCES, Copier, kinds

ORGS = int(os.environ.get("BENCH_COUNTRY_ORGS", "7850"))
LINES = int(os.environ.get("BENCH_REDFLAG_LINES", "150"))
NAME = "country_redflags"
TARGET_S = 60.0
SUPPLIERS = (
    "ร้านวัสดุก่อสร้างรุ่งเรือง", "หจก.ทางดี", "ร้านเครื่องเขียนบ้านเรา", "หจก.ทรัพย์เจริญ", "ร้านยางไทย",
    "ร้านทรายงาม", "บริษัท ก่อสร้างไทย จำกัด", "หจก.ช่างดี", "ร้านดอกไม้งาม", "บริษัท รวมช่าง จำกัด",
    "ร้านคอมพิวเตอร์เมือง", "หจก.ประปาสะอาด", "ร้านไฟฟ้าสว่าง", "ร้านอาหารแม่บุญ", "หจก.ขนส่งเร็ว", "ร้านน้ำดื่มใส",
)
WORKS = ("ซื้อหินคลุก", "จ้างซ่อมถนนลูกรัง", "ซื้อวัสดุสำนักงาน", "ซื้อน้ำมันเชื้อเพลิง", "จ้างเหมาทำความสะอาด",
         "ซื้ออาหารเสริม (นม)", "จ้างซ่อมรถบรรทุกขยะ", "ซื้อครุภัณฑ์คอมพิวเตอร์", "จ้างก่อสร้างรางระบายน้ำ")  # fmt: skip


def generate(n_orgs: int, lines_per_org: int, year: int) -> dict[str, int]:
    from django.db import connection

    from prongsai.core.models import Organisation, Person, User
    from prongsai.disclosure.models import ProcurementLine, ProcurementSummary
    from prongsai.integrity.models import Declaration, DeclaredRelation
    from prongsai.integrity.samples import with_check_digit
    from prongsai.thai.fiscal import fiscal_year_bounds

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = False
    with raw.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
    c, rng = Copier(raw), random.Random(2570)
    start, _end = fiscal_year_bounds(year)
    org_ids = c.ids(Organisation, n_orgs)
    c.copy(Organisation, ("id", "slug", "name_th", "kind", "province"),
           ((oid, f"lao-{i + 1:05d}", f"อปท. ที่ {i + 1}", kind, PROVINCES[i % len(PROVINCES)])
            for i, (oid, kind) in enumerate(zip(org_ids, kinds(n_orgs), strict=True))))  # fmt: skip
    user_ids = c.ids(User, n_orgs)
    c.copy(User, ("id", "username", "password", "organisation_id"),
           ((uid, f"clerk{oid}", "!", oid) for uid, oid in zip(user_ids, org_ids, strict=True)))  # fmt: skip
    person_ids = c.ids(Person, 3 * n_orgs)
    c.copy(Person, ("id", "organisation_id", "prefix", "first_name", "last_name"),
           ((pid, org_ids[i // 3], "นาย", f"กรรมการ{i % 3 + 1}", "ทดสอบ")
            for i, pid in enumerate(person_ids)))  # fmt: skip
    summary_ids = c.ids(ProcurementSummary, 12 * n_orgs)
    c.copy(ProcurementSummary, ("id", "organisation_id", "year", "month", "title"),
           ((sid, org_ids[i // 12], year, i % 12 + 1, f"สรุปผลการจัดซื้อจัดจ้าง เดือนที่ {i % 12 + 1}")
            for i, sid in enumerate(summary_ids)))  # fmt: skip
    line_ids = c.ids(ProcurementLine, lines_per_org * n_orgs)
    competitive: list[tuple[int, int]] = []  # (org, line)

    def lines():
        for i, lid in enumerate(line_ids):
            o = i // lines_per_org
            oid = org_ids[o]
            local = SUPPLIERS[o % 7 : o % 7 + 9]  # each buys from nine local suppliers
            winner = rng.choice(local)
            day = start + timedelta(days=rng.randrange(360))
            month = (day.month - 10) % 12 + 1
            kind = rng.random()
            if kind < 0.85:
                method = "เฉพาะเจาะจง"
                budget = rng.choice((rng.randrange(2_000, 99_000), rng.randrange(100_000, 499_000)))
                price = budget if rng.random() < 0.2 else budget - rng.randrange(0, max(budget // 20, 1))
                bidders = f"{winner} {price:,}"
            else:
                method = "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)" if kind < 0.95 else "e-market"
                budget = rng.randrange(500_000, 5_000_000)
                price = budget - rng.randrange(1_000, budget // 10)
                others = rng.sample([s for s in local if s != winner], rng.randrange(0, 4))
                bidders = "\n".join([f"{winner} {price:,}"] + [f"{s} {price + 5_000:,}" for s in others])
                competitive.append((oid, lid))
            yield (lid, oid, summary_ids[o * 12 + month - 1], i % lines_per_org + 1, rng.choice(WORKS),
                   budget, method, bidders, winner, price, f"{i}/{year}", day)  # fmt: skip

    line_fields = ("id", "organisation_id", "summary_id", "number", "project", "budget", "method", "bidders",
                   "winner", "price", "contract_no", "contract_date")  # fmt: skip
    c.copy(ProcurementLine, line_fields, lines())
    annual_ids = c.ids(Declaration, 3 * n_orgs)
    c.copy(Declaration, ("id", "organisation_id", "kind", "fiscal_year", "person_id", "has_relations",
                         "declared_on", "created_by_id"),
           ((did, org_ids[i // 3], "annual", year, person_ids[i], i % 5 == 0, start, user_ids[i // 3])
            for i, did in enumerate(annual_ids)))  # fmt: skip
    related = [(i, did) for i, did in enumerate(annual_ids) if i % 5 == 0]
    relation_ids = c.ids(DeclaredRelation, len(related))
    relation_fields = ("id", "organisation_id", "declaration_id", "kind", "name", "tax_id", "relationship",
                       "name_key")  # fmt: skip

    def relations():
        for rid, (i, did) in zip(relation_ids, related, strict=True):
            firm = SUPPLIERS[(i // 3) % 7 + 2]
            tax_id = with_check_digit(f"{10355000000 + i:012d}")
            yield (rid, org_ids[i // 3], did, "firm", firm, tax_id, "ญาติ", firm.replace(" ", ""))

    c.copy(DeclaredRelation, relation_fields, relations())
    committee_ids = c.ids(Declaration, 3 * len(competitive))
    first_org = org_ids[0]
    committee_fields = ("id", "organisation_id", "kind", "fiscal_year", "person_id", "procurement_line_id",
                        "committee_role", "declared_on", "created_by_id")  # fmt: skip

    def committees():
        for k, did in enumerate(committee_ids):
            oid, lid = competitive[k // 3]
            o = oid - first_org
            member = person_ids[o * 3 + k % 3]
            yield (did, oid, "procurement", year, member, lid, "กรรมการ", start, user_ids[o])

    c.copy(Declaration, committee_fields, committees())
    c.fix_sequences()
    with raw.cursor() as cur:
        cur.execute("SET session_replication_role = DEFAULT")
    raw.commit()
    raw.autocommit = True
    return c.counts


def main() -> int:
    print(f"country red flags: {ORGS} organisations × {LINES} procurement lines each", flush=True)
    with harness.postgres(settings=PG_SETTINGS) as url:
        env = harness.server_env(url, tempfile.mkdtemp(prefix="bench-redflags-"))
        harness.manage(env, "migrate", "--no-input")
        os.environ.update(env)
        sys.path.insert(0, str(harness.REPO))
        import django

        django.setup()
        from django.db import connection

        from prongsai.core.models import Organisation
        from prongsai.integrity import redflags
        from prongsai.thai.fiscal import fiscal_year_of

        year = fiscal_year_of(date.today())
        t0 = time.perf_counter()
        counts = generate(ORGS, LINES, year)
        print(f"generated {sum(counts.values()):,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
        for table, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {table:40} {n:>10,}")
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        t1 = time.perf_counter()
        kept = redflags.store(year)
        seconds = time.perf_counter() - t1
        flagged = redflags.national(year)
        print(f"red flags of {kept:,} organisations in {seconds:.1f} s; with each flag: {flagged.with_flag}")
        org = Organisation.objects.order_by("pk")[ORGS // 2]
        t2 = time.perf_counter()
        one = redflags.for_organisation(org, year, with_rows=True)
        one_ms = (time.perf_counter() - t2) * 1000
        t3 = time.perf_counter()
        redflags.national(year)
        national_ms = (time.perf_counter() - t3) * 1000
        print(f"one organisation: {one_ms:.0f} ms ({one.lines} lines); national: {national_ms:.0f} ms")
        rows = counts.get("disclosure_procurementline", 0)
        note = f"{ORGS:,} orgs × {LINES} lines ({rows:,} rows), PostgreSQL"
        harness.report(NAME, "all organisations' red flags (compute + store)", seconds, "s",
                       target=f"< {TARGET_S:.0f} s", met=seconds < TARGET_S, note=note)  # fmt: skip
        harness.report(NAME, "one organisation's flags with rows (staff page)", one_ms, "ms", note=note)
        harness.report(NAME, "national comparison read", national_ms, "ms", note=note)
        return 0 if seconds < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
