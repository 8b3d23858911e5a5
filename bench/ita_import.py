"""ITA at national scale: import 8,000 organisations × 5 years, then serve one analysis page.

Prints, measured side by side in this one run (the machine is shared and noisy, so ratios
matter more than seconds):
- bulk import rate ÷ the rate of saving the same rows one by one through the ORM;
- analysis-page requests per second with 40,000 results loaded ÷ with a handful loaded, and
  the page's query count in both cases (it must not grow with the data).
"""

import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ORGS = int(os.environ.get("BENCH_ORGS", "8000"))
YEARS = [2564, 2565, 2566, 2567, 2568]
PAGE_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))


def setup_django(data_dir: str) -> None:
    os.environ["PRONGSAI_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generated_file(orgs: int) -> bytes:
    from prongsai.ita.tabular import ResultRow, write_rows

    rng = random.Random(2564)
    rows = [
        ResultRow(
            org_code=f"{6000000 + n}",
            org_name=f"องค์การบริหารส่วนตำบลทดสอบ{n}",
            org_type="อบต.",
            province=f"จังหวัด{n % 77}",
            year=year,
            scores={i: Decimal(rng.randint(5000, 10000)) / 100 for i in range(1, 11)},
        )
        for n in range(orgs)
        for year in YEARS
    ]
    return write_rows(rows, "csv")


def timed(func):
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def per_row_rate(sample: int) -> float:
    """Rows per second when each result is saved on its own (signals, audit, one transaction each)."""
    from prongsai.core.models import Organisation
    from prongsai.ita import results

    rng = random.Random(1)
    orgs = [
        Organisation.objects.create(slug=f"row-{n}", name_th=f"ทดสอบ {n}", kind="sao", province="x")
        for n in range(sample // len(YEARS))
    ]
    start = time.perf_counter()
    for org in orgs:
        for year in YEARS:
            results.save_result(org, year, {i: Decimal(rng.randint(5000, 10000)) / 100 for i in range(1, 11)})
    return len(orgs) * len(YEARS) / (time.perf_counter() - start)


def page_rate(url: str) -> tuple[float, int]:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Keep one connection open between requests, as a server with CONN_MAX_AGE does, so that
    # the query log survives the request and can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="localhost")
    assert client.get(url).status_code == 200
    connection.queries_log.clear()  # the log is a bounded deque; a full one would count 0 new queries
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    start = time.perf_counter()
    for _ in range(PAGE_REQUESTS):
        client.get(url)
    return PAGE_REQUESTS / (time.perf_counter() - start), len(queries.captured_queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from prongsai.core.models import Organisation
        from prongsai.ita import results

        small = generated_file(2)
        results.import_file(small, "small.csv")
        first = Organisation.objects.get(official_code="6000000").slug
        url = f"/{first}/ita/2565/"
        small_rps, small_queries = page_rate(url)

        data = generated_file(ORGS)
        report, seconds = timed(lambda: results.import_file(data, "national.csv"))
        assert report.ok, report.errors[:3]
        bulk_rate = report.rows / seconds
        row_rate = per_row_rate(500)
        big_rps, big_queries = page_rate(url)

    report_rows = report.rows
    print(
        f"ITA import: {report.rows} rows ({ORGS} organisations × {len(YEARS)} years) in {seconds:.1f} s "
        f"= {bulk_rate:,.0f} rows/s"
    )
    print(
        f"  one-by-one ORM saves: {row_rate:,.0f} rows/s → bulk import is {bulk_rate / row_rate:.1f}× faster"
    )
    print(
        f"ITA analysis page: {big_rps:.1f} req/s with {report.rows + 10:,} results vs {small_rps:.1f} req/s "
        f"with 10 → ratio {big_rps / small_rps:.2f}"
    )
    print(f"  queries per page: {big_queries} (large) vs {small_queries} (small)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import report as result

    result("ita_import", f"bulk import of {report_rows:,} results", bulk_rate, "rows/s", baseline=row_rate,
           note="baseline: one-by-one ORM saves")  # fmt: skip
    result("ita_import", "analysis page with all results loaded", big_rps, "req/s", baseline=small_rps,
           target="queries do not grow", met=big_queries == small_queries,
           note=f"baseline: 10 results loaded; queries {big_queries} vs {small_queries}")  # fmt: skip


if __name__ == "__main__":
    main()
