"""`make test`: the whole suite on SQLite, then again on PostgreSQL when one is available.

PostgreSQL is used when TEST_POSTGRES=1 (then it must be reachable, or the run fails) or when
the server named by TEST_DATABASE_URL answers. In CI (CI=true) PostgreSQL is required.
"""

import os
import subprocess
import sys

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


def run(label: str, extra_env: dict) -> int:
    print(f"\n=== test suite on {label} ===", flush=True)
    env = {**os.environ, **extra_env}
    return subprocess.call(
        [sys.executable, "-W", "error::DeprecationWarning", "-m", "pytest", *sys.argv[1:]], env=env
    )


def main() -> int:
    required = os.environ.get("TEST_POSTGRES") == "1" or os.environ.get("CI") == "true"
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)
    status = run("SQLite", {"DATABASE_URL": ""})
    if postgres_reachable(url):
        status = run("PostgreSQL", {"DATABASE_URL": url}) or status
    elif required:
        print("FAILED: PostgreSQL is required here (TEST_POSTGRES=1 or CI) but is not reachable.")
        return 1
    else:
        print("PostgreSQL run skipped: no server reachable (set TEST_POSTGRES=1 to require it).")
    return status


if __name__ == "__main__":
    sys.exit(main())
