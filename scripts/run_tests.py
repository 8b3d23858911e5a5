"""`make test`: the whole suite on SQLite and, at the same time, on PostgreSQL when one is available.

The two runs share nothing but the machine, so they go side by side (about 1.6x faster on two
cores): SQLite's output streams live, PostgreSQL's is kept in a file and printed when it ends.

PostgreSQL is used when TEST_POSTGRES=1 (then it must be reachable, or the run fails) or when
the server named by TEST_DATABASE_URL answers. In CI (CI=true) PostgreSQL is required.
"""

import os
import subprocess
import sys
import tempfile

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/prongsai"


def postgres_reachable(url: str) -> bool:
    import psycopg

    from prongsai.env import parse_database_url

    db = parse_database_url(url)
    try:
        psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"],
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable at {db['HOST']}:{db['PORT']}: {exc}".strip())
        return False
    return True


def start(label: str, extra_env: dict, log=None) -> subprocess.Popen:
    print(f"\n=== test suite on {label} ===", flush=True)
    env = {**os.environ, **extra_env}
    command = [sys.executable, "-W", "error::DeprecationWarning", "-m", "pytest", *sys.argv[1:]]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT if log else None)


def main() -> int:
    required = os.environ.get("TEST_POSTGRES") == "1" or os.environ.get("CI") == "true"
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)
    postgres = None
    if postgres_reachable(url):
        log = tempfile.TemporaryFile(mode="w+")
        postgres = (start("PostgreSQL (output follows the SQLite run)", {"DATABASE_URL": url}, log), log)
    elif required:
        print("FAILED: PostgreSQL is required here (TEST_POSTGRES=1 or CI) but is not reachable.")
        return 1
    else:
        print("PostgreSQL run skipped: no server reachable (set TEST_POSTGRES=1 to require it).")
    status = start("SQLite", {"DATABASE_URL": ""}).wait()
    if postgres:
        process, log = postgres
        pg_status = process.wait()
        log.seek(0)
        print("\n=== test suite on PostgreSQL ===", flush=True)
        sys.stdout.write(log.read())
        print(f"PostgreSQL run exit status {pg_status}", flush=True)
        status = status or pg_status
    return status


if __name__ == "__main__":
    sys.exit(main())
