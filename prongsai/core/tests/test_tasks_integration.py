"""Real processes on both task backends (docs/adr/0003): a web server, `prongsai worker` on the
database backend and on RQ with a real redis-server, and a worker killed with SIGKILL mid-task.

For each backend, an ITA results file is uploaded through the real import page; the page, asked
over HTTP while the worker runs, shows the task queued (no worker yet), then running; the worker
(its whole process group, as the kernel's OOM killer or a lost machine would) is then killed. The
documented guarantee holds: the task is never silently lost: another worker marks it failed and
the page says so; `prongsai jobs retry` runs it again and the page shows the import's result.
The times from the kill to the failure on the page, and of the import, are printed (-s) and
quoted in the ADR.

The processes share a database of their own: a PostgreSQL database made for the test when
DATABASE_URL (or TEST_POSTGRES) points at PostgreSQL, else a SQLite file (pytest-django's test
database is out of their reach). In CI (CI=true) a missing redis-server fails instead of skipping.
"""

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REDIS_SERVER = "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[3]
ROWS = 2_000  # enough for the import to be seen running (seconds), and killed while it runs
PRELUDE = """
import os, django
django.setup()
"""
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="process groups and SIGKILL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def kill_with_children(proc: subprocess.Popen) -> None:
    """SIGKILL a worker and every process it forked, as the OOM killer or a lost machine would.
    RQ runs each task in a forked "work horse" in a process group of its own: killing only the
    worker's group would leave the horse to finish the task."""
    children = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(proc.pid):  # the parent's pid
            children.append(int(entry.name))
    os.killpg(proc.pid, signal.SIGKILL)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


def ita_file(rows: int) -> bytes:
    from prongsai.ita.tabular import COLUMNS, ITEM_COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c for c in COLUMNS if c not in ITEM_COLUMNS])
    writer.writeheader()
    for n in range(rows):
        code = f"{9_000_000 + n}"
        writer.writerow({
            "org_code": code, "org_name": f"เทศบาลตำบลทดสอบ{code}", "org_type": "เทศบาลตำบล",
            "province": "กาญจนบุรี", "year": 2564, "reported_total": "", "reported_grade": "",
            **{f"i{i}": "80.00" for i in range(1, 11)},
        })  # fmt: skip
    return buffer.getvalue().encode()


class Stack:
    """Redis, a migrated database, a signed-in session, and prongsai processes against them."""

    def __init__(self, root: Path):
        import redis

        self.root = root
        self.procs: list[subprocess.Popen] = []
        port = free_port()
        self.redis_proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.redis = redis.Redis(port=port)
        wait_for(self._redis_up, 10, "redis-server to answer")
        self.pg_admin, self.database_url = "", f"sqlite:///{root / 'prongsai.sqlite3'}"
        if base := postgres_url():
            self.pg_admin = base
            name = f"prongsai_tasks_it_{os.getpid()}"
            self._pg(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
            self.database_url = base.rsplit("/", 1)[0] + "/" + name
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "TASKS_"))},
            "DJANGO_SETTINGS_MODULE": "prongsai.settings",
            "DEBUG": "true",
            "PRONGSAI_DATA_DIR": str(root),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "TASKS_WORKER_THREAD": "false",  # only the worker processes run tasks
            "JOBS_LEASE_SECONDS": "4",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(root / "mail"),
            "PYTHONUNBUFFERED": "1",
        }
        self.prongsai("migrate", "--no-input")
        self.session = self.python("""
            from django.test import Client
            from prongsai.core.tests.factories import login_verified, make_org, make_staff
            admin = make_staff(make_org("tasks-it"), "importer", is_superuser=True)
            print(login_verified(Client(), admin).cookies["sessionid"].value)
        """)

    def _redis_up(self) -> bool:
        try:
            return self.redis.ping()
        except Exception:
            return False

    def _pg(self, *statements: str) -> None:
        import psycopg

        server = self.pg_admin.split("?")[0].rsplit("/", 1)[0] + "/postgres"  # the URL's own may not exist
        with psycopg.connect(server, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def prongsai(self, *args: str, backend: str = "database") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "prongsai", args[0], "--skip-checks", *args[1:]],
            env={**self.env, "TASKS_BACKEND": backend}, cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def python(self, code: str) -> str:
        script = self.root / "snippet.py"
        script.write_text(PRELUDE + textwrap.dedent(code))
        done = subprocess.run(
            [sys.executable, str(script)], env={**self.env, "TASKS_BACKEND": "database"}, cwd=ROOT,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start(self, name: str, args: list[str], backend: str) -> subprocess.Popen:
        log_path = self.root / f"{name}-{len(self.procs)}.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "prongsai", *args], env={**self.env, "TASKS_BACKEND": backend},
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        proc.log_path = log_path
        self.procs.append(proc)
        return proc

    def worker(self, backend: str) -> subprocess.Popen:
        args = ["worker", "--skip-checks", "--interval", "0.2", "--maintenance", "2"]
        proc = self.start("worker", args, backend)
        wait_for(lambda: "waiting" in proc.log_path.read_text(), 30, f"the {backend} worker to start")
        return proc

    def web(self, backend: str) -> str:
        port = free_port()
        self.start("web", ["runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"], backend)
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: self._answers(url), 180, "the web server to answer")
        return url

    @staticmethod
    def _answers(url: str) -> bool:
        import requests

        try:
            return requests.get(url + "/healthz", timeout=10).status_code in (200, 503)
        except requests.RequestException:  # not listening yet, or still loading
            return False

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.redis_proc.terminate()
        self.redis_proc.wait(10)
        if self.pg_admin:
            self._pg(f'DROP DATABASE IF EXISTS "{self.database_url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required in CI: apt-get install redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    stack = Stack(tmp_path_factory.mktemp("tasks"))
    yield stack
    stack.stop()


class ImportPage:
    """The import page as a browser sees it: one signed-in session, in English."""

    def __init__(self, stack: Stack, url: str):
        import requests

        self.url = url
        self.http = requests.Session()
        self.http.cookies.set("sessionid", stack.session)
        self.http.cookies.set("django_language", "en")

    def upload(self, data: bytes) -> str:
        form = self.http.get(self.url + "/staff/ita/import/", timeout=30)
        assert form.status_code == 200, form.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        sent = self.http.post(
            self.url + "/staff/ita/import/", data={"csrfmiddlewaretoken": token},
            files={"file": ("ita-big.csv", data, "text/csv")}, headers={"Referer": self.url + "/"},
            allow_redirects=False, timeout=60,
        )  # fmt: skip
        assert sent.status_code == 302, sent.text[:500]
        return self.url + sent.headers["Location"]

    def state(self, job_url: str) -> tuple[str, str]:
        """(state word, page text) from the progress partial that htmx polls. On SQLite a big
        import's write transaction can hold the database past the busy timeout: the page then
        answers 503 (or not within a minute) and htmx simply polls again, as this does ("busy")."""
        import requests

        try:
            page = self.http.get(job_url, headers={"HX-Request": "true"}, timeout=60)
        except requests.Timeout:
            if postgres_url():
                raise
            return "busy", ""
        if page.status_code == 503 and not postgres_url():
            return "busy", ""
        assert page.status_code == 200, page.text[:500]
        return re.search(r"ita-big\.csv — (\w+)", page.text).group(1), page.text


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_an_import_killed_mid_task_is_failed_on_its_page_and_runs_again_on_retry(stack, backend):
    url = stack.web(backend)
    page = ImportPage(stack, url)
    job_url = page.upload(ita_file(ROWS))
    job_id = int(job_url.rstrip("/").rsplit("/", 1)[1])
    assert page.state(job_url)[0] == "queued"  # no worker yet: the page says it waits

    first = stack.worker(backend)
    states = []

    def running():
        state, text = page.state(job_url)
        states.append(state)
        return state == "running" and text

    text = wait_for(running, 60, "the page to show the import running")
    assert 'hx-trigger="every 1s"' in text and "<progress" in text  # the page keeps polling
    kill_with_children(first)
    killed_at = time.monotonic()
    time.sleep(1)
    assert page.state(job_url)[0] in ("running", "busy")  # a dead worker's task is not finished...

    second = stack.worker(backend)
    wait_for(lambda: page.state(job_url)[0] == "failed", 150, "the killed task to be marked failed")
    lost_after = time.monotonic() - killed_at
    assert "The import failed unexpectedly; nothing was imported." in page.state(job_url)[1]
    task_id, stored = stack.python(f"""
        from prongsai.core.models import Job
        from prongsai.ita.models import Result
        print(Job.objects.get(pk={job_id}).task_id, Result.objects.count())
    """).split()  # fmt: skip

    listed = stack.prongsai("jobs", "list", "--status", "failed", backend=backend)
    assert task_id in listed and "import_results" in listed
    retried = time.monotonic()
    stack.prongsai("jobs", "retry", task_id, backend=backend)
    wait_for(lambda: page.state(job_url)[0] == "done", 400, "the retried import to finish")
    took = time.monotonic() - retried
    assert f"{ROWS} rows imported" in page.state(job_url)[1]
    count = int(stack.python("from prongsai.ita.models import Result; print(Result.objects.count())"))
    assert count == ROWS  # run twice (the killed run, then the retry), stored once
    print(
        f"\n{backend} ({'PostgreSQL' if postgres_url() else 'SQLite'}): states seen {sorted(set(states))}; "
        f"killed task marked failed {lost_after:.1f} s after SIGKILL (results stored then: {stored}); "
        f"retry imported {ROWS} rows in {took:.1f} s"
    )
    second.send_signal(signal.SIGTERM)  # systemd's stop: the worker exits cleanly
    assert second.wait(30) == 0


def test_a_database_worker_sends_the_e_mail_of_a_notice(stack):
    """The simplest task, end to end on the default backend: queued by one process, sent by another."""
    worker = stack.worker("database")
    stack.python("""
        from django.db import transaction
        from prongsai.core.notifications import notify
        from prongsai.core.models import Organisation, User
        user = User.objects.get(username="importer")
        user.email = "importer@example.org"
        user.save()
        with transaction.atomic():
            org = Organisation.objects.get(slug="tasks-it")
            notify(org, [user], "แผนขั้นตอนที่ 2 ใกล้ครบกำหนด", url="/staff/plans/")
    """)  # fmt: skip
    mail_dir = stack.root / "mail"

    def sent_mail():
        """The file backend creates the file before it writes to it: wait for the message's closing rule."""
        text = "".join(p.read_text() for p in mail_dir.iterdir()) if mail_dir.exists() else ""
        return text if "-" * 79 in text else ""

    sent = wait_for(sent_mail, 30, "the e-mail to be sent")
    assert "importer@example.org" in sent and "/staff/plans/" in sent
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(30) == 0
