"""What the benchmarks share: a throwaway PostgreSQL, a real gunicorn, a load generator, result lines.

A benchmark prints `report(...)` lines; `bench/run.py` collects them into bench/RESULTS.md.
Servers run as in production (DEBUG off, static files collected, persistent connections), with
one extra URL, `/_bench/bare`, a view that does nothing, so that a page can be measured against
the cheapest response the same server stack can give.
"""

from __future__ import annotations

import base64
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULT_PREFIX = "RESULT "


def report(
    benchmark: str,
    metric: str,
    value: float,
    unit: str = "",
    *,
    baseline: float | None = None,
    target: str = "",
    met: bool | None = None,
    note: str = "",
) -> None:
    """One figure for RESULTS.md; `baseline` is the figure it is compared with, measured in the same run."""
    ratio = value / baseline if baseline else None
    line = {
        "benchmark": benchmark,
        "metric": metric,
        "value": round(value, 3),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "met": met,
        "note": note,
    }
    print(RESULT_PREFIX + json.dumps(line, ensure_ascii=False), flush=True)


def params() -> str:
    """The security parameters a benchmark runs with: "production" (proof of work, Argon2, limits as
    deployed) unless BENCH_PARAMS=light asks for lighter ones; every figure's note says which."""
    value = os.environ.get("BENCH_PARAMS", "production") or "production"
    if value not in ("production", "light"):
        raise SystemExit(f"BENCH_PARAMS is production or light, not {value!r}")
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def pg_bin() -> Path:
    found = sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not found:
        raise SystemExit("PostgreSQL is not installed (apt install postgresql)")
    return Path(found[-1])


@contextmanager
def postgres(*, settings: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh PostgreSQL cluster (ICU th-TH, as in CI) on a free port; yields its DATABASE_URL.

    BENCH_DATABASE_URL, when set, is used instead (an existing, empty database).
    """
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"]
        return
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port, data, binary = free_port(), root / "data", pg_bin()
    subprocess.run(
        _as_postgres(
            [
                str(binary / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--locale-provider=icu",
                "--icu-locale=th-TH",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = {
        "listen_addresses": "127.0.0.1",
        "port": str(port),
        "unix_socket_directories": str(root),
        "max_connections": "200",
        **(settings or {}),
    }
    opts = " ".join(f"-c {k}={v}" for k, v in options.items())
    subprocess.run(
        _as_postgres(
            [str(binary / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o", opts, "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [
                str(binary / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE prongsai",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/prongsai"
    finally:
        subprocess.run(
            _as_postgres([str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)


def server_env(database_url: str, data_dir: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like server (plain HTTP on loopback)."""
    return {
        **os.environ,
        "PRONGSAI_DATA_DIR": data_dir,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "benchsite",
        "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(REPO)]),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        # Production requires its own complaint keys (never derived from SECRET_KEY).
        "COMPLAINTS_KEYS": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "COMPLAINTS_RECEIPT_KEYS": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "COOKIES_SECURE": "false",
        "CONN_MAX_AGE": "60",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "prongsai", *args], env=env, check=True, cwd=REPO, stdout=subprocess.DEVNULL
    )


@dataclass
class Server:
    url: str
    env: dict[str, str]
    process: subprocess.Popen
    argv: list[str]

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers), as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env, cwd=REPO, start_new_session=True)
        wait_until_up(self.url + "/healthz", self.process)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if get(url)[0] in (200, 503):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def prepare(database_url: str, data_dir: str, **extra: str) -> dict[str, str]:
    """Migrate and collect static files; returns the environment for `gunicorn` and for commands."""
    env = server_env(database_url, data_dir, **extra)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    return env


def deployed_workers() -> dict:
    """gunicorn as docs/deploy runs it: WEB_CONCURRENCY sync workers, each request a new connection
    (nginx's upstream default), so a request goes to whichever worker is free."""
    env_file = (REPO / "docs" / "deploy" / "prongsai.env").read_text(encoding="utf-8")
    found = [line.split("=", 1)[1] for line in env_file.splitlines() if line.startswith("WEB_CONCURRENCY=")]
    if len(found) != 1:
        raise SystemExit("docs/deploy/prongsai.env must set WEB_CONCURRENCY once")
    return {"workers": int(found[0]), "threads": 1, "worker_class": "sync"}


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int = 2, threads: int = 4, worker_class: str = "gthread"
) -> Iterator[Server]:
    """gunicorn serving Prongsai (plus `/_bench/bare`) on a free port, stopped on exit."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        worker_class,
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "benchsite:application",
    ]
    server = Server(f"http://127.0.0.1:{port}", env, None, argv)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Load:
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        """Latency in milliseconds at percentile p (0–100)."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000


CLIENT_THREADS = 8  # per client process: more threads in one process queue on its interpreter lock


def load(
    base_url: str,
    paths: Callable[[int], str] | str,
    *,
    requests: int,
    concurrency: int = 32,
    headers: dict[str, str] | None = None,
) -> Load:
    """GET `requests` pages over `concurrency` kept-alive connections; any status but 200 is an error.

    `paths` is one path or a function of the request number (to vary search words, items…);
    `headers` are sent with every request (a session cookie for staff pages). The clients run
    as processes of CLIENT_THREADS threads each: 32 threads in one Python process wait for its
    interpreter lock between a response and the next request, which the latency would count.
    """
    processes = max(1, concurrency // CLIENT_THREADS)
    if processes == 1:
        return _load_in_process(base_url, paths, requests, concurrency, headers)
    context = multiprocessing.get_context("fork")  # the children inherit `paths`, a closure
    counter, go = context.Value("q", 0), context.Event()
    receive, send = context.Pipe(duplex=False)
    shares = [concurrency // processes + (i < concurrency % processes) for i in range(processes)]

    def child(threads: int) -> None:
        go.wait()
        try:
            send.send(_load_in_process(base_url, paths, requests, threads, headers, counter))
        except BaseException as exc:  # the parent waits for every child's answer: never leave it waiting
            send.send(f"a client process failed: {exc!r}")

    children = [context.Process(target=child, args=(n,)) for n in shares]
    for process in children:
        process.start()
    start = time.perf_counter()
    go.set()
    parts = [receive.recv() for _ in children]
    result = Load(requests, time.perf_counter() - start)
    for process in children:
        process.join()
    failed = [part for part in parts if isinstance(part, str)]
    if failed:
        raise SystemExit(failed[0])
    for part in parts:
        result.latencies += part.latencies
        result.errors += part.errors
    return result


def _load_in_process(base_url, paths, requests, concurrency, headers, shared_counter=None) -> Load:
    """`concurrency` client threads of this process; request numbers come from `shared_counter`
    when several processes share the run, else from a local count."""
    parts = urlsplit(base_url)
    path_of = (lambda _n: paths) if isinstance(paths, str) else paths
    local = iter(range(requests))
    lock = threading.Lock()
    result = Load(requests, 0.0)

    def next_number() -> int | None:
        if shared_counter is None:
            with lock:
                return next(local, None)
        with shared_counter.get_lock():
            n = shared_counter.value
            shared_counter.value += 1
        return n if n < requests else None

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        while (n := next_number()) is not None:
            start = time.perf_counter()
            try:
                conn.request("GET", path_of(n), headers={"Accept-Language": "th", **(headers or {})})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            elapsed = time.perf_counter() - start
            with lock:
                result.latencies.append(elapsed)
                result.errors += not ok
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    result.requests = len(result.latencies)
    return result


def compare(
    benchmark: str,
    label: str,
    page: Load,
    bare: Load,
    *,
    min_ratio: float | None = None,
    max_p95_ms: float | None = None,
) -> None:
    """Report a page's throughput as a ratio of the bare view's, and its p95, against the targets."""
    target = f"≥ {min_ratio:.0%} of bare" if min_ratio is not None else ""
    report(
        benchmark,
        f"{label} req/s",
        page.rps,
        "req/s",
        baseline=bare.rps,
        target=target,
        met=None if min_ratio is None else page.rps / bare.rps >= min_ratio,
        note=f"errors={page.errors}",
    )
    report(
        benchmark,
        f"{label} p95",
        page.p95,
        "ms",
        baseline=bare.p95,
        target="" if max_p95_ms is None else f"≤ {max_p95_ms:.0f} ms",
        met=None if max_p95_ms is None else page.p95 <= max_p95_ms,
    )
