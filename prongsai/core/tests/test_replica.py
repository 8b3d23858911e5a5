"""The read-replica router against a real PostgreSQL standby in streaming replication.

Two throwaway clusters: a primary, and a standby made from it by `pg_basebackup -R`. A
subprocess runs Prongsai with DATABASE_URL=primary and DATABASE_REPLICA_URL=standby and reports
which connection served what. With the standby's replay paused, a page read from the standby
shows the old data, which proves the reads really go there. In CI (CI=true) missing PostgreSQL
binaries fail the test.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from glob import glob
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, os, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
django.setup()
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from prongsai.core.dbrouter import PIN_COOKIE, replica_reads
from prongsai.core.models import Organisation
from prongsai.core.tests.factories import make_org

out = {}
def sql(alias, query):
    with connections[alias].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0] if cursor.description else None

def served(call):
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica"]) as replica:
        result = call()
    return result, {"primary": len(primary), "replica": len(replica)}

def wait(predicate):
    deadline = time.monotonic() + 15
    while not predicate():
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)

out["in_recovery"] = {alias: sql(alias, "SELECT pg_is_in_recovery()") for alias in ("default", "replica")}
org = make_org("replica-test", name_th="เทศบาลตำบลชื่อเดิม")
wait(lambda: Organisation.objects.using("replica").filter(slug="replica-test").exists())
out["write_reached_standby"] = True

visitor = Client(HTTP_HOST="localhost")
page, counts = served(lambda: visitor.get("/replica-test/"))
out["public_get"] = {"status": page.status_code, **counts, "old_name": "ชื่อเดิม" in page.content.decode()}

sql("replica", "SELECT pg_wal_replay_pause()")  # the standby now lags on purpose
org.name_th = "เทศบาลตำบลชื่อใหม่"
org.save()
page, counts = served(lambda: visitor.get("/replica-test/"))
out["lagging_get"] = {**counts, "shows_old_name": "ชื่อเดิม" in page.content.decode()}

def read_only(request):
    return HttpResponse(Organisation.objects.get(pk=org.pk).name_th)

def write_then_read(request):
    Organisation.objects.filter(pk=org.pk).update(phone="0-3461-0000")
    return HttpResponse(Organisation.objects.get(pk=org.pk).name_th)

def read_in_atomic(request):
    with transaction.atomic():
        return HttpResponse(Organisation.objects.get(pk=org.pk).name_th)

request = RequestFactory().get("/")
for name, view in [("read_only", read_only), ("write_then_read", write_then_read),
                   ("read_in_atomic", read_in_atomic)]:
    response, counts = served(lambda: replica_reads(view)(request))
    out[name] = {**counts, "name": response.content.decode(), "pinned": PIN_COOKIE in response.cookies}

posted, counts = served(lambda: visitor.post("/i18n/setlang/", {"language": "th", "next": "/replica-test/"}))
out["post"] = {**counts, "pinned": PIN_COOKIE in posted.cookies}
page, counts = served(lambda: visitor.get("/replica-test/"))  # the page after the post
out["get_after_post"] = {**counts, "shows_new_name": "ชื่อใหม่" in page.content.decode()}

sql("replica", "SELECT pg_wal_replay_resume()")
fresh = Client(HTTP_HOST="localhost")
wait(lambda: "ชื่อใหม่" in fresh.get("/replica-test/").content.decode())
out["caught_up"] = True
out["migrate_on"] = {alias: router.allow_migrate(alias, "core") for alias in ("default", "replica")}
print(json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    return Path(found[-1]) if found and Path(found[-1], "pg_basebackup").exists() else None


def as_postgres(cmd: list) -> list[str]:
    cmd = [str(part) for part in cmd]
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def replication():
    binary = pg_bin()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL (with pg_basebackup) is required in CI: apt-get install postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="prongsai-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    ports = {"primary": free_port(), "standby": free_port()}

    def start(name: str, *extra: str) -> None:
        options = [
            f"-c port={ports[name]}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={root}",
            "-c fsync=off", "-c full_page_writes=off", *extra,
        ]  # fmt: skip
        subprocess.run(
            as_postgres([binary / "pg_ctl", "-D", root / name, "-l", root / f"{name}.log", "-w",
                         "-o", " ".join(options), "start"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    try:
        subprocess.run(
            as_postgres([binary / "initdb", "-D", root / "primary", "-U", "postgres", "--auth=trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=th-TH"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        start("primary", "-c wal_level=replica", "-c max_wal_senders=4")
        subprocess.run(
            [binary / "psql", "-h", "127.0.0.1", "-p", str(ports["primary"]), "-U", "postgres", "-qc",
             "CREATE DATABASE prongsai"],
            check=True,
        )  # fmt: skip
        subprocess.run(
            as_postgres([binary / "pg_basebackup", "-h", "127.0.0.1", "-p", ports["primary"], "-U",
                         "postgres", "-D", root / "standby", "-R", "-X", "stream", "--checkpoint=fast"]),
            check=True,
        )  # fmt: skip
        start("standby", "-c hot_standby=on")
        yield {name: f"postgres://postgres@127.0.0.1:{port}/prongsai" for name, port in ports.items()}
    finally:
        for name in ("standby", "primary"):
            if (root / name / "postmaster.pid").exists():
                subprocess.run(
                    as_postgres([binary / "pg_ctl", "-D", root / name, "-m", "immediate", "stop"]),
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def test_public_reads_go_to_the_standby_and_writers_read_the_primary(replication, tmp_path):
    urls = replication
    env = {
        **os.environ,
        "DATABASE_URL": urls["primary"],
        "DATABASE_REPLICA_URL": urls["standby"],
        "PRONGSAI_DATA_DIR": str(tmp_path),
        "TASKS_BACKEND": "immediate",
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "prongsai", "migrate", "--no-input", "--skip-checks"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    script = tmp_path / "replica_script.py"
    script.write_text(textwrap.dedent(SCRIPT))
    done = subprocess.run([sys.executable, str(script)], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])

    assert out["in_recovery"] == {"default": False, "replica": True}  # a real standby
    assert out["write_reached_standby"]
    # A visitor's page is read from the standby alone.
    assert out["public_get"]["status"] == 200 and out["public_get"]["old_name"]
    assert out["public_get"]["primary"] == 0 and out["public_get"]["replica"] > 0
    # With replay paused, the visitor still sees the old name: the standby served it.
    assert out["lagging_get"]["shows_old_name"] and out["lagging_get"]["primary"] == 0
    assert out["read_only"]["name"] == "เทศบาลตำบลชื่อเดิม" and not out["read_only"]["pinned"]
    # A request that wrote reads its own write from the primary, and pins the next request.
    assert out["write_then_read"]["name"] == "เทศบาลตำบลชื่อใหม่"
    assert out["write_then_read"]["replica"] == 0 and out["write_then_read"]["pinned"]
    assert out["read_in_atomic"]["name"] == "เทศบาลตำบลชื่อใหม่" and out["read_in_atomic"]["replica"] == 0
    # A form post, and the page it leads to, use the primary.
    assert out["post"]["replica"] == 0 and out["post"]["pinned"]
    assert out["get_after_post"]["shows_new_name"] and out["get_after_post"]["replica"] == 0
    assert out["caught_up"]
    assert out["migrate_on"] == {"default": True, "replica": False}
