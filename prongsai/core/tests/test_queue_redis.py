"""A real `prongsai worker` on a real Redis: jobs pushed after commit run at once, a job Redis never
carried is found by the table sweep, and a job whose worker is killed runs again in a new worker.

The worker and the code that enqueues run as subprocesses sharing a SQLite file (the test
database of pytest-django lives in memory, out of their reach), so this runs in the SQLite pass
only. In CI (CI=true) a missing redis-server fails the test instead of skipping it.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REDIS_SERVER = "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[3]
PRELUDE = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
django.setup()
from django.db import transaction
from prongsai.core import jobs
"""


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


class Stack:
    """Redis, a migrated SQLite file and helpers to run prongsai processes against them."""

    def __init__(self, root: Path):
        import redis

        self.root = root
        port = free_port()
        self.redis_proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.redis = redis.Redis(port=port)
        wait_for(self._redis_up, 10, "redis-server to answer")
        self.db = root / "prongsai.sqlite3"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))},
            "PRONGSAI_DATA_DIR": str(root),
            "DATABASE_URL": f"sqlite:///{self.db}",
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "JOBS_MODE": "worker",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(root / "mail"),
            "PYTHONUNBUFFERED": "1",
            "JOBS_EXTRA_COMMANDS": "shell",  # the slow job below
        }
        self.workers: list[subprocess.Popen] = []
        subprocess.run(
            [sys.executable, "-m", "prongsai", "migrate", "--no-input", "--skip-checks"],
            env=self.env, cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip

    def _redis_up(self) -> bool:
        try:
            return self.redis.ping()
        except Exception:
            return False

    def worker(self, *args: str) -> subprocess.Popen:
        log_path = self.root / f"worker-{len(self.workers)}.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "prongsai", "worker", "--skip-checks", "--poll", "0.2", *args],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        proc.log_path = log_path
        self.workers.append(proc)
        wait_for(lambda: "waiting on Redis" in log_path.read_text(), 20, "the worker to start")
        return proc

    def python(self, code: str, **env: str) -> str:
        """Run Django code in a fresh process (as a web request would) and return what it prints."""
        script = self.root / "snippet.py"
        script.write_text(PRELUDE + textwrap.dedent(code))
        done = subprocess.run(
            [sys.executable, str(script)], env={**self.env, **env}, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def job(self, job_id: int) -> dict:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return dict(conn.execute("SELECT * FROM core_job WHERE id = ?", (job_id,)).fetchone())

    def wait_job(self, job_id: int, status: str, timeout: float = 20) -> dict:
        return wait_for(
            lambda: (row := self.job(job_id))["status"] == status and row, timeout, f"job {job_id} {status}"
        )

    def stop(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.redis_proc.terminate()
        self.redis_proc.wait(10)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required in CI: apt-get install redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs in the SQLite pass: the worker subprocesses share their own SQLite file")
    stack = Stack(tmp_path_factory.mktemp("queue"))
    yield stack
    stack.stop()


def test_a_notification_e_mail_goes_through_redis_to_a_running_worker(stack):
    worker = stack.worker("--sweep", "600")  # no table sweep during the test: only Redis can deliver
    started = time.monotonic()
    job_id = int(stack.python("""
        from prongsai.core.notifications import notify
        from prongsai.core.tests.factories import make_org, make_staff
        org = make_org("queue-test")
        user = make_staff(org, "head")
        user.email = "head@example.org"
        user.save()
        with transaction.atomic():
            notify(org, [user], "แผนขั้นตอนที่ 2 ใกล้ครบกำหนด", url="/staff/plans/")
        from prongsai.core.models import Job
        print(Job.objects.get(kind="core.mail").pk)
    """))  # fmt: skip
    row = stack.wait_job(job_id, "done")
    assert time.monotonic() - started < 15
    assert '"sent": 1' in row["result"]
    mail = "".join(p.read_text() for p in (stack.root / "mail").iterdir())
    assert "head@example.org" in mail and "/staff/plans/" in mail
    assert f"job {job_id} finished (redis)" in Path(worker.log_path).read_text()
    assert stack.redis.llen("prongsai:jobs:queue") == 0
    assert all(stack.redis.llen(key) == 0 for key in stack.redis.keys("prongsai:jobs:running:*"))
    worker.send_signal(signal.SIGTERM)  # systemd's stop: the worker exits cleanly
    assert worker.wait(15) == 0


def test_a_job_enqueued_while_redis_was_down_is_found_by_the_table_sweep(stack):
    worker = stack.worker("--sweep", "1")
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    job_id = int(stack.python("""
        job = jobs.enqueue("command", payload={"args": ["jobs", "prune", "--format", "json"]})
        print(job.pk)
    """, REDIS_URL=dead_redis))  # fmt: skip
    row = stack.wait_job(job_id, "done")
    assert row["result"] == '{"command": "jobs prune --format json", "output": {"deleted": 0}}'
    assert f"job {job_id} finished (table sweep)" in Path(worker.log_path).read_text()
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(15) == 0


def test_a_job_whose_worker_is_killed_runs_again_in_another_worker(stack):
    marks = stack.root / "marks.txt"
    slow = (
        f"import pathlib, time; p = pathlib.Path({str(marks)!r}); "
        "p.open('a').write('start\\n'); time.sleep(3); p.open('a').write('end\\n')"
    )
    first = stack.worker("--heartbeat", "2", "--sweep", "600")
    job_id = int(stack.python(f"""
        job = jobs.enqueue("command", payload={{"args": ["shell", "-c", {slow!r}]}})
        print(job.pk)
    """))  # fmt: skip
    wait_for(lambda: marks.exists() and marks.read_text() == "start\n", 15, "the job to start")
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert stack.job(job_id)["status"] == "running"  # left behind by the dead worker

    second = stack.worker("--heartbeat", "2", "--sweep", "600")
    stack.wait_job(job_id, "done", timeout=30)
    assert marks.read_text() == "start\nstart\nend\n"  # ran again from the start, to the end
    assert f"job {job_id} finished (redis)" in Path(second.log_path).read_text()
    assert stack.redis.hget("prongsai:jobs:attempts", job_id) is None
    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0


@pytest.mark.django_db
def test_a_job_that_keeps_killing_its_worker_is_failed_on_the_third_time(stack, settings):
    from prongsai.core.models import Job
    from prongsai.core.queue import Consumer

    settings.REDIS_URL = stack.env["REDIS_URL"]
    settings.JOBS_REDIS_PREFIX = "poison-test"
    job = Job.objects.create(kind="command", payload={"args": ["jobs", "prune"]})
    rescuer = Consumer(heartbeat=5)
    outcomes = []
    for attempt in range(3):
        dead = f"dead-{attempt}"
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # the dead worker had claimed it
        stack.redis.sadd("poison-test:workers", dead)
        stack.redis.lpush(f"poison-test:running:{dead}", job.pk)
        stack.redis.hset("poison-test:owner", job.pk, dead)
        outcomes.append((rescuer.recover(), Job.objects.get(pk=job.pk).status))
        stack.redis.delete("poison-test:queue")  # as if a worker took it again
    assert outcomes == [([job.pk], "queued"), ([job.pk], "queued"), ([], "failed")]
    assert "3 times" in Job.objects.get(pk=job.pk).result["error"]
    assert not stack.redis.smembers("poison-test:workers")  # dead workers are forgotten
