"""Backup and restore at country size: peak memory of `prongsai backup` and `prongsai restore`.

Run: `BENCH_ONLY=backup_memory .venv/bin/python bench/run.py` (or this file directly). It fills a
throwaway PostgreSQL with the country-scale fixture (`country_scale.generate`; BENCH_BACKUP_ORGS
organisations, by default BENCH_COUNTRY_ORGS, 7,850), then runs each command in its own process and
reads that process's peak resident memory from `resource.getrusage(RUSAGE_CHILDREN)` in a small
parent that ran nothing else. The target is 1 GB whatever the database's size: both commands
stream (rows with `iterator()` into a JSON-lines zip member; restore line by line). Each mode is
measured: the default JSON-lines archive, and `--mode pg_dump`. Each restore goes into a fresh
database of the same cluster, and its row counts are compared with the source's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import country_scale
import harness

NAME = "backup_memory"
ORGS = int(os.environ.get("BENCH_BACKUP_ORGS", str(country_scale.ORGS)))
TARGET_MB = 1024
# Runs argv and prints its peak RSS (KiB): the only child of this parent, so RUSAGE_CHILDREN is its own.
MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)
COUNTED = ("core_organisation", "core_person", "ita_result", "complaints_complaint", "property_loanevent")


def peak(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `prongsai` command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "prongsai", *args],
        env=env, cwd=harness.REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"prongsai {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}  # noqa: S608


def main() -> int:
    print(f"backup memory: {ORGS} organisations (BENCH_BACKUP_ORGS)", flush=True)
    with harness.postgres(settings=country_scale.PG_SETTINGS) as url:
        data_dir = tempfile.mkdtemp(prefix="bench-backup-")
        env = harness.prepare(url, data_dir)
        os.environ.update(env)
        sys.path.insert(0, str(harness.REPO))
        import django

        django.setup()
        t0 = time.perf_counter()
        rows, _country = country_scale.generate(ORGS, date.today())
        print(f"generated {sum(rows.values()):,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
        country_scale.sql("VACUUM ANALYZE")
        size = country_scale.sql("SELECT pg_database_size(current_database())")[0][0] / 2**20
        print(f"database size {size:,.0f} MB", flush=True)
        source = counts(url)
        base = url.rsplit("/", 1)[0]
        for mode in ("json", "pg_dump"):
            archive = Path(data_dir) / f"backup-{mode}.zip"
            seconds, mb = peak(env, "backup", str(archive), "--mode", mode)
            archive_mb = archive.stat().st_size / 2**20
            print(f"{mode}: backup {seconds:.0f} s, peak {mb:,.0f} MB, archive {archive_mb:,.0f} MB")
            note = f"database {size:,.0f} MB, {ORGS} orgs, archive {archive_mb:,.0f} MB, {seconds:.0f} s"
            harness.report(NAME, f"backup peak RSS ({mode})", mb, "MB", baseline=size,
                           target=f"≤ {TARGET_MB} MB", met=mb <= TARGET_MB, note=note)  # fmt: skip
            target = f"restored_{mode}"
            country_scale.sql(f"CREATE DATABASE {target}")
            restore_env = {**env, "DATABASE_URL": f"{base}/{target}"}
            seconds, mb = peak(restore_env, "restore", str(archive))
            same = counts(f"{base}/{target}") == source
            print(f"{mode}: restore {seconds:.0f} s, peak {mb:,.0f} MB, rows identical: {same}", flush=True)
            note = f"database {size:,.0f} MB, {seconds:.0f} s, row counts {'identical' if same else 'DIFFER'}"
            harness.report(NAME, f"restore peak RSS ({mode})", mb, "MB", baseline=size,
                           target=f"≤ {TARGET_MB} MB", met=mb <= TARGET_MB and same, note=note)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
