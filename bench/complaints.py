"""Load and crash test of the complaint intake: N complaints with evidence from concurrent clients.

Run: `.venv/bin/python bench/complaints.py --n 1000 --concurrency 32 [--db sqlite|postgres|both]
[--verifier hmac|argon2|both] [--cache redis|database]`. Production's security parameters unless
BENCH_PARAMS=light (every figure says `params=production` or `params=light`):
- proof of work COMPLAINTS_POW_BITS=16 (light: 8). It is the browser's work (static/complaints/pow.js),
  so the load generator solves each challenge *before* the timed window (in a process pool), and the
  server's share, checking one SHA-256 and the used-challenge cache, is measured per request. The
  client's cost is reported apart: pow.js in Chromium and the Python solver, per challenge. During the
  load phases the price does not rise with load (BENCH_POW_RISE=off, complaints_site.py): challenges
  solved beforehand at 16 bits would be refused once it rose, and the rise changes only the browser's
  work, never the server's.
- gunicorn as docs/deploy runs it (harness.deployed_workers: WEB_CONCURRENCY sync workers).
- the throttle cache as deployed (docs/deploy/prongsai.env: three web processes and REDIS_URL, which
  `check --deploy` requires for more than one): the benchmark starts its own redis-server (or uses
  REDIS_URL). The used-challenge and load counters must be shared by every worker process, so a
  per-process memory is never an option; `--cache database` measures the fallback of an install
  without Redis (the `prongsai_throttle` table, one web process in production). Figures name the cache.
- the receipt verifier (docs/adr/0004-receipt-verifier.md): with `--verifier both` (the default) the
  intake runs under Argon2id at argon2-cffi's defaults (the verifier before) and under the keyed
  HMAC-SHA256 verifier (as deployed), in the same run and on the same server set-up, side by side as
  a ratio (light: Argon2 time_cost=1, 8 MiB).

Each client acts like a browser: it GETs the intake form (CSRF cookie), POSTs a complaint with a small
PDF and its proof of work, and counts the complaint as *acknowledged* when the receipt page names its
case number. Then the database is read directly: every acknowledged number must be there, numbers
unique, every case whole (its texts decrypt, its evidence is there and opens), and the audit chain
unbroken. The server's CPU time per complaint (gunicorn, PostgreSQL and Redis processes, from /proc)
is reported beside the rate: it is less sensitive than the rate to other work on the machine. It is
measured on a running server: before each timed window every worker has booted and served the form
and a refused submission (`warm`), as on a server that has been up for a while; booting a worker is
paid once per restart, not per complaint.

Attack phase (first): `--attack-n` complaints without proof of work and as many wrong receipt
codes, concurrently; a real complainant must then still file and follow up with their code.

Crash phase: another run of `--kill-n` submissions during which the server is killed with SIGKILL
(a power cut), then started again; no acknowledged complaint may be missing and none half-written.

The last line is `stored=N errors=E unique_case_numbers=U rps=R params=P` for the deployed verifier's
run on the first database (with --db both, PostgreSQL, as in the issue), after `harness.report` lines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import harness  # noqa: E402

ORG = "bench-complaints"
PARAMS = harness.params()
POW_BITS = 16 if PARAMS == "production" else 8
VERIFIERS = {"argon2": "Argon2id", "hmac": "keyed HMAC-SHA256"}
DEPLOYED = "hmac"  # docs/adr/0004-receipt-verifier.md
TARGET_RPS = 50


def _blank_pdf() -> bytes:
    """A real one-page PDF: evidence is parsed and cleaned of metadata on upload."""
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=72, height=72)
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CHALLENGE_INPUT = re.compile(rb'name="pow_challenge" value="([^"]+)"')
# A public page in Thai shows its figures in Thai digits (core/digit_style.py): read either.
CASE_NUMBER = re.compile(r'id="case-number">[^<]*?([0-9๐-๙]+/[0-9๐-๙]{4})')
ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
RECEIPT_CODE = re.compile(rb'id="receipt-code"[^>]*>([0-9A-Z-]{24})<')
FIRST_FAILURE: list[str] = []  # what the first refused submission answered, printed for the reader


def solve(challenge: str) -> str:
    """The work the challenge asks for (its bits rise with the load: pow.py)."""
    from prongsai.complaints.pow import solve as pow_solve  # pure hashing, no Django settings read

    return pow_solve(challenge)


def _solve_timed(challenge: str) -> tuple[str, str, float]:
    started = time.process_time()
    counter = solve(challenge)
    return challenge, counter, time.process_time() - started


SOLVE_CPU: list[float] = []  # CPU seconds per challenge solved by the load generator


def solved(env: dict, n: int) -> list[tuple[str, str]]:
    """n challenges issued by the server's own code and key, solved beforehand, as browsers do
    while the complainant writes (a pool of processes, outside every timed window)."""
    if n <= 0:
        return []
    challenges = internal(env, "challenges", {"n": n})["challenges"]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 2) as pool:
        results = pool.map(_solve_timed, challenges, chunksize=8)
    SOLVE_CPU.extend(cpu for _c, _n, cpu in results)
    print(f"  (solved {n} challenges of {POW_BITS} bits in {time.perf_counter() - started:.1f}s)", flush=True)
    return [(challenge, counter) for challenge, counter, _cpu in results]


# ----- server CPU time, from /proc (no dependency) -------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2 :].split()  # from field 3 (state) on: ppid is [1], utime [11]


def tree_cpu(root: int | None) -> float:
    """CPU seconds of a process and its descendants, alive or already reaped by their parent."""
    if root is None:
        return 0.0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if fields := _stat(pid):
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
            stack.extend(children.get(pid, []))
    return total / TICKS


def postmaster(database_url: str) -> int | None:
    """The PostgreSQL server process of the benchmark's own cluster (found by its port)."""
    port = urlsplit(database_url).port
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"/postgres") and f"port={port}".encode() in argv:
            return int(entry)
    return None


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def submit(self, n: int, paid: tuple[str, str] | None = None) -> str | None:
        """The case number the server acknowledged, or None. `paid` is a challenge solved beforehand
        (the browser solves while the complainant writes); without it the page's is solved here."""
        path = f"/{ORG}/complaints/"
        status, page = self.request("GET", path, headers={"Accept-Language": "th"})
        csrf, challenge = CSRF_INPUT.search(page), CHALLENGE_INPUT.search(page)
        if status != 200 or not csrf or not challenge:
            return None
        value = paid[0] if paid else challenge.group(1).decode()
        fields = {
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "category": "procurement",
            "concerned": f"ผู้ถูกร้องเรียนที่ {n}",
            "when_where": "ปีงบประมาณ 2569 กองคลัง",
            "description": f"รายละเอียดเรื่องร้องเรียนทดสอบภาระ หมายเลข {n} " * 5,
            "name": "",
            "contact": "",
            "website": "",
            "pow_challenge": value,
            "pow_counter": paid[1] if paid else solve(value),
        }
        body, content_type = multipart(fields, {"files": (f"evidence-{n}.pdf", PDF, "application/pdf")})
        status, page = self.request(
            "POST",
            path,
            body,
            {"Content-Type": content_type, "Referer": f"http://{self.host}:{self.port}{path}"},
        )
        found = CASE_NUMBER.search(page.decode("utf-8", "replace")) if status == 200 else None
        if not found and not FIRST_FAILURE:
            html = page.decode("utf-8", "replace")
            alert = html.find('role="alert"')  # the form's own message, rather than the page's header
            text = re.sub(r"<[^>]+>", " ", html[alert:] if alert >= 0 else html)
            FIRST_FAILURE.append(f"HTTP {status}: {' '.join(text.split())[:400]}")
        code = RECEIPT_CODE.search(page) if found else None
        self.last_code = code.group(1).decode() if code else None
        return found.group(1).translate(ARABIC) if found else None

    def _form_post(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        """GET the page for its CSRF token, then POST `fields` to `path` (or `post_to`)."""
        _status, page = self.request("GET", path)
        csrf = CSRF_INPUT.search(page)
        fields = {"csrfmiddlewaretoken": csrf.group(1).decode() if csrf else "", **fields}
        body, content_type = multipart(fields, {})
        headers = {"Content-Type": content_type, "Referer": f"http://{self.host}:{self.port}{path}"}
        return self.request("POST", path, body, headers)

    def unpaid(self, n: int) -> int:
        """An attacker's complaint without proof of work: the status it got."""
        path = f"/{ORG}/complaints/"
        _status, page = self.request("GET", path)
        challenge = CHALLENGE_INPUT.search(page)
        fields = {
            "category": "other", "concerned": "x", "when_where": "x", "description": f"flood {n}",
            "name": "", "contact": "", "website": "",
            "pow_challenge": challenge.group(1).decode() if challenge else "", "pow_counter": "",
        }  # fmt: skip
        return self._form_post(path, fields)[0]

    def follow(self, code: str) -> int:
        return self._form_post(f"/{ORG}/complaints/follow/", {"code": code})[0]


def run(base_url: str, paid: list[tuple[str, str]], concurrency: int, on_progress=None):
    """Submit one complaint per solved challenge; (acknowledged case numbers, errors, seconds)."""
    acknowledged, errors, lock = [], [0], threading.Lock()
    counter = iter(range(len(paid)))
    local = threading.local()

    def one(_slot: int) -> None:
        local.client = Client(base_url)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                number = local.client.submit(i, paid[i])
            except (OSError, http.client.HTTPException):
                number = None
            with lock:
                if number:
                    acknowledged.append(number)
                else:
                    errors[0] += 1
                done = len(acknowledged) + errors[0]
            if on_progress:
                on_progress(done, len(acknowledged))

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(concurrency)))
    return acknowledged, errors[0], time.perf_counter() - started


# ----- what runs inside the project's environment (subprocesses) ---------------------------------


def internal(env: dict, action: str, payload: dict | None = None) -> dict:
    """Run `action` in a fresh process with the server's settings (one database per run)."""
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(payload or {}, handle)
    out = subprocess.run(
        [sys.executable, __file__, "--internal", action, handle.name],
        env=env,
        cwd=harness.REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    os.unlink(handle.name)
    print(f"  ({action} took {time.perf_counter() - started:.1f}s)", flush=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _django():
    import django

    django.setup()


def internal_setup(_payload: dict) -> dict:
    from prongsai.core.models import Organisation

    org, _ = Organisation.objects.get_or_create(
        slug=ORG, defaults={"name_th": "เทศบาลตำบลทดสอบภาระ", "kind": "subdistrict", "province": "กาญจนบุรี"}
    )
    return {"organisation": org.pk}


def internal_reset(_payload: dict) -> dict:
    """Between the attack and the load phase: the attack's cases go, and its load is forgotten."""
    from django.core.cache import caches

    from prongsai.complaints.models import Complaint
    from prongsai.core.models import Organisation

    org = Organisation.objects.get(slug=ORG)
    for case in Complaint.objects.for_org(org):
        case.delete()
    caches["throttle"].clear()
    return {"ok": True}


def internal_verify(payload: dict) -> dict:
    """Every acknowledged case is stored whole; nothing is stored half-way."""
    from prongsai.complaints.crypto import DecryptionError
    from prongsai.complaints.models import Attachment, Complaint
    from prongsai.core import audit
    from prongsai.core.models import Organisation

    org = Organisation.objects.get(slug=ORG)
    cases = list(Complaint.objects.for_org(org))
    numbers = {c.number for c in cases}
    missing = sorted(set(payload["acknowledged"]) - numbers)
    files = {}
    for item in Attachment.objects.for_org(org):
        files.setdefault(item.complaint_id, []).append(item)
    broken = []
    for case in cases:
        try:
            whole = bool(case.description and case.concerned) and len(files.get(case.pk, [])) == 1
            whole = whole and all(f.content().startswith(b"%PDF-") for f in files.get(case.pk, []))
        except DecryptionError:
            whole = False
        if not whole:
            broken.append(case.number)
    orphans = Attachment.objects.for_org(org).exclude(complaint__in=[c.pk for c in cases]).count()
    breaks = [b.as_dict() for b in audit.verify(org)]
    return {
        "stored": len(cases),
        "unique_case_numbers": len(numbers),
        "missing": missing,
        "half_written": broken,
        "orphan_files": orphans,
        "audit_breaks": breaks[:3],
    }


def internal_challenges(payload: dict) -> dict:
    """Challenges as the intake form hands them out (the server's code, key and current price)."""
    from prongsai.complaints import pow
    from prongsai.core.models import Organisation

    org = Organisation.objects.get(slug=ORG)
    return {"challenges": [pow.new_challenge(org.pk) for _ in range(payload["n"])]}


def internal_costs(payload: dict) -> dict:
    """CPU per request of the server's security work, in this process: checking a proof of work
    (signature, SHA-256, used-challenge cache, load counters) and each receipt verifier."""
    from django.test.utils import override_settings

    from prongsai.complaints import pow, receipts
    from prongsai.core.models import Organisation

    org = Organisation.objects.get(slug=ORG)
    checks = []
    for challenge, counter in payload["paid"]:
        started = time.process_time()
        problem = pow.check(challenge, counter, org.pk)
        checks.append(time.process_time() - started)
        assert problem is None, problem
    out = {"pow_check_ms": 1000 * statistics.median(checks)}
    for verifier, rounds in (("hmac", 200), ("argon2", 5)):
        with override_settings(COMPLAINTS_RECEIPT_VERIFIER=verifier):
            hashing, checking = [], []
            for _ in range(rounds):
                code = receipts.new_code()
                started = time.process_time()
                stored = receipts.hash_code(code)
                hashing.append(time.process_time() - started)
                started, wall = time.process_time(), time.perf_counter()
                assert receipts.verify(stored, code)
                checking.append((time.process_time() - started, time.perf_counter() - wall))
        out[verifier] = {
            "hash_ms": 1000 * statistics.median(hashing),
            "verify_ms": 1000 * statistics.median(c for c, _w in checking),
            "verify_wall_ms": 1000 * statistics.median(w for _c, w in checking),
            "form": "$".join(stored.split("$")[1:4]) if verifier == "argon2" else stored.split("$")[0],
        }
    return out


# ----- the server as deployed: Redis, warm workers ----------------------------------------------


CACHE_LABEL = {"redis": "Redis", "database": "a database table (no REDIS_URL)"}
REDIS: dict = {"pid": None}  # the benchmark's own redis-server, counted in the server's CPU


@contextmanager
def throttle_cache(kind: str):
    """REDIS_URL for the servers ({} for the database table): the caller's, or a redis-server of our own."""
    if kind == "database":
        yield {}
        return
    if os.environ.get("REDIS_URL"):
        yield {"REDIS_URL": os.environ["REDIS_URL"]}
        return
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise SystemExit("redis-server is not installed (apt install redis-server); or use --cache database")
    port = harness.free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.1)
        REDIS["pid"] = process.pid
        yield {"REDIS_URL": f"redis://127.0.0.1:{port}/1"}
    finally:
        REDIS["pid"] = None
        process.terminate()
        process.wait()


def server_cpu(server, database: int | None) -> float:
    """CPU seconds of the gunicorn master and workers, PostgreSQL and the benchmark's Redis."""
    return tree_cpu(server.process.pid) + tree_cpu(database) + tree_cpu(REDIS["pid"])


WARM_N = 24  # complaints filed before each timed window, from 12 clients: every worker thread serves some


def warm(server, paid: list[tuple[str, str]]) -> tuple[list[str], int]:
    """Every worker booted and through the whole intake (form, complaint, receipt) before the clock
    starts; the warm-up's complaints are real, stored and checked like the others, outside the rate."""
    last = -1.0
    while (now := tree_cpu(server.process.pid)) - last > 0.05:  # workers still booting
        last = now
        time.sleep(0.5)
    acknowledged, errors, _seconds = run(server.url, paid, 12)
    return acknowledged, errors


# ----- phases -------------------------------------------------------------------------------------


def browser_solve_seconds(bits: int, runs: int = 5) -> list[float]:
    """Seconds pow.js takes in Chromium (headless, this machine) per challenge of `bits`: the
    complainant's cost, which the server never pays. Empty without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    import secrets
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return []
    script = (harness.REPO / "prongsai/complaints/static/complaints/pow.js").read_text()
    seconds = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                page = browser.new_page()
                challenge = f"{secrets.token_hex(12)}.{int(time.time())}.{bits}.1:{secrets.token_urlsafe(20)}"
                page.set_content(
                    f'<form data-pow-bits="{bits}"><input name="pow_challenge" value="{challenge}">'
                    '<input name="pow_counter" value=""></form>'
                )
                started = time.perf_counter()
                page.add_script_tag(content=script)
                page.wait_for_function(
                    "document.querySelector('[name=pow_counter]').value !== ''", timeout=120_000, polling=20
                )
                seconds.append(time.perf_counter() - started)
                counter = page.eval_on_selector("[name=pow_counter]", "e => e.value")
                assert solve_check(challenge, counter, bits), "pow.js found a counter the server refuses"
                page.close()
        finally:
            browser.close()
    return seconds


def solve_check(challenge: str, counter: str, bits: int) -> bool:
    from prongsai.complaints.pow import solves

    return solves(challenge, counter, bits)


def costs_phase(env: dict) -> None:
    """What each request costs the server (CPU, in-process) and what the browser pays instead."""
    paid = solved(env, 60)
    costs = internal(env, "costs", {"paid": paid})
    cache = CACHE_LABEL["redis" if env.get("REDIS_URL") else "database"]
    pow_note = f"params={PARAMS} pow={POW_BITS} bits; one SHA-256, a signature, 4 cache calls to {cache}"
    harness.report(
        "complaints", "proof-of-work check per request (server CPU)", costs["pow_check_ms"], "ms",
        note=pow_note,
    )  # fmt: skip
    argon2, hmac = costs["argon2"], costs["hmac"]
    harness.report(
        "complaints", "receipt code hashed at intake (server CPU), keyed HMAC-SHA256", hmac["hash_ms"], "ms",
        baseline=argon2["hash_ms"],
        note=f"params={PARAMS}; baseline: Argon2id ({argon2['form']}) in the same run",
    )  # fmt: skip
    harness.report(
        "complaints", "receipt code checked at follow-up (server CPU), keyed HMAC-SHA256", hmac["verify_ms"],
        "ms", baseline=argon2["verify_ms"],
        note=f"params={PARAMS}; Argon2id wall time {argon2['verify_wall_ms']:.0f} ms (parallel lanes)",
    )  # fmt: skip
    in_browser = browser_solve_seconds(POW_BITS)
    if in_browser:
        harness.report(
            "complaints", f"proof of work solved in the browser (pow.js, Chromium, {POW_BITS} bits)",
            statistics.median(in_browser), "s",
            note=f"params={PARAMS}; the complainant's device, not the server; median of {len(in_browser)}, "
            f"max {max(in_browser):.2f} s",
        )  # fmt: skip
    else:
        print("  (Chromium or Playwright missing: the browser's solving time is not measured)", flush=True)


def load_phase(label: str, env: dict, n: int, concurrency: int, verifier: str, already: int) -> dict:
    """n complaints under one receipt verifier; the rate, the server's CPU per complaint, and checks."""
    env = {**env, "BENCH_POW_RISE": "off", "BENCH_RECEIPT_VERIFIER": verifier}
    paid = solved(env, n + WARM_N)
    with harness.gunicorn(env, **harness.deployed_workers()) as server:
        database = postmaster(env["DATABASE_URL"]) if env["DATABASE_URL"].startswith("postgres") else None
        warmed, warm_errors = warm(server, paid[n:])
        cpu_before = server_cpu(server, database)
        acknowledged, errors, seconds = run(server.url, paid[:n], concurrency)
        cpu = server_cpu(server, database) - cpu_before
    check = internal(env, "verify", {"acknowledged": acknowledged + warmed})
    errors += warm_errors
    already += len(warmed)
    if FIRST_FAILURE:
        print(f"[{label}] first refused submission: {FIRST_FAILURE.pop()}", flush=True)
    rps, stored = n / seconds, check["stored"] - already
    ok = (
        stored == len(acknowledged) == n
        and errors == 0
        and check["unique_case_numbers"] == check["stored"]
        and not check["missing"]
        and not check["half_written"]
        and not check["audit_breaks"]
    )
    print(
        f"[{label}, {VERIFIERS[verifier]}] submitted={n} acknowledged={len(acknowledged)} errors={errors} "
        f"stored={stored} unique={check['unique_case_numbers'] - already} missing={len(check['missing'])} "
        f"half_written={len(check['half_written'])} orphans={check['orphan_files']} "
        f"audit_breaks={len(check['audit_breaks'])} in {seconds:.1f}s; server CPU {cpu:.1f}s",
        flush=True,
    )
    return {
        "ok": ok, "stored": stored, "errors": errors, "unique": check["unique_case_numbers"] - already,
        "rps": rps, "cpu_ms": 1000 * cpu / n, "verifier": verifier, "warmed": len(warmed),
    }  # fmt: skip


def report_load(label: str, concurrency: int, results: dict[str, dict], cache: str) -> None:
    """The verifiers side by side: the deployed one with the other as its baseline."""
    argon2 = results.get("argon2")
    for verifier, result in results.items():
        deployed = verifier == DEPLOYED
        baseline = argon2 if deployed and argon2 else None
        note = (
            f"stored={result['stored']} errors={result['errors']} unique_case_numbers={result['unique']} "
            f"params={PARAMS} pow={POW_BITS} bits solved beforehand (the browser's work), no rise with load; "
            f"throttle cache: {CACHE_LABEL[cache]}"
        )
        harness.report(
            "complaints", f"intake with evidence, {concurrency} clients, {label}, {VERIFIERS[verifier]}",
            result["rps"], "complaints/s", baseline=baseline and baseline["rps"],
            target=f"≥ {TARGET_RPS}/s, all acknowledged stored, numbers unique" if deployed else "all stored",
            met=result["ok"] and (result["rps"] >= TARGET_RPS if deployed else True),
            note=note + ("; baseline: Argon2id in the same run" if baseline else ""),
        )  # fmt: skip
        harness.report(
            "complaints", f"server CPU per complaint, {label}, {VERIFIERS[verifier]}", result["cpu_ms"], "ms",
            baseline=baseline and baseline["cpu_ms"],
            note=f"{'gunicorn + PostgreSQL' if label == 'postgres' else 'gunicorn'}"
            f"{' + Redis' if cache == 'redis' else ''} processes (/proc), warm workers, "
            f"GET form + POST with PDF; params={PARAMS}; throttle cache: {CACHE_LABEL[cache]}",
        )  # fmt: skip


def kill_phase(label: str, env: dict, n: int, concurrency: int, already: int) -> bool:
    """SIGKILL the server once a third of the run is acknowledged; restart; check nothing is lost."""
    paid = solved(env, n + 20)
    with harness.gunicorn(env, **harness.deployed_workers()) as server:
        killed = threading.Event()

        def progress(_done: int, acked: int) -> None:
            if acked >= n // 3 and not killed.is_set():
                killed.set()
                server.kill()

        acknowledged, errors, _seconds = run(server.url, paid[:n], concurrency, progress)
        server.start()
        after, after_errors, _s = run(server.url, paid[n:], 4)  # the restarted server takes complaints again
    check = internal(env, "verify", {"acknowledged": acknowledged + after})
    ok = (
        killed.is_set()
        and not check["missing"]
        and not check["half_written"]
        and check["orphan_files"] == 0
        and not check["audit_breaks"]
        and after_errors == 0
        and check["unique_case_numbers"] == check["stored"]
    )
    print(
        f"[{label} SIGKILL] acknowledged before/at the kill={len(acknowledged)} refused or cut={errors} "
        f"stored now={check['stored'] - already} missing={len(check['missing'])} "
        f"half_written={len(check['half_written'])} orphans={check['orphan_files']} "
        f"audit_breaks={len(check['audit_breaks'])}; after restart {len(after)}/20 accepted",
        flush=True,
    )
    harness.report(
        "complaints", f"SIGKILL mid-run, {label}", float(len(check["missing"]) + len(check["half_written"])),
        "lost or half-written", target="0", met=ok,
        note=f"acknowledged={len(acknowledged)} cut={errors} restarted ok={after_errors == 0} "
        f"params={PARAMS}",
    )  # fmt: skip
    return ok


def attack_phase(label: str, env: dict, n: int, concurrency: int) -> bool:
    """n complaints without proof of work and n wrong receipt codes (each in another look-up
    bucket), from concurrent clients; then a real complainant must still file, paying the proof of
    work asked of them, and open their case with their code. Nothing of the flood may be stored."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    wrong = [
        "-".join(["".join(alphabet[(i >> (5 * k)) % 32] for k in range(4)), "0000", "0000", "0000", "0000"])
        for i in range(n)
    ]
    with harness.gunicorn(env, **harness.deployed_workers()) as server:
        complainant = Client(server.url)
        first = complainant.submit(0)
        own_code = complainant.last_code or ""
        wrong = [code for code in wrong if code[:4] != own_code[:4]]
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        local = threading.local()

        def attack(job: tuple[str, int]) -> None:
            kind, i = job
            if not hasattr(local, "client"):
                local.client = Client(server.url)
            try:
                status = local.client.unpaid(i) if kind == "unpaid" else local.client.follow(wrong[i])
            except (OSError, http.client.HTTPException):
                status = 0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

        started = time.perf_counter()
        jobs = [("unpaid", i) for i in range(n)] + [("wrong", i) for i in range(len(wrong))]
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(attack, jobs))
        seconds = time.perf_counter() - started
        later = Client(server.url)
        filed = later.submit(1)
        # A new connection: the first complainant's kept-alive one was closed during the flood.
        opens_own = Client(server.url).follow(own_code) == 200 if own_code else False
        opens_new = later.follow(later.last_code) == 200 if later.last_code else False
    check = internal(env, "verify", {"acknowledged": [x for x in (first, filed) if x]})
    if FIRST_FAILURE:
        print(f"[{label} attack] first refused real complaint: {FIRST_FAILURE.pop()}", flush=True)
    ok = bool(first and filed and opens_own and opens_new)
    ok = ok and check["stored"] == 2 and statuses.get(200, 0) == 0
    print(
        f"[{label} attack] {n} unpaid + {len(wrong)} wrong codes in {seconds:.1f}s, answers {statuses}; "
        f"then a real complainant filed={bool(filed)} and opened the case with their code={opens_new}; "
        f"the earlier complainant's code still opens theirs={opens_own}; stored={check['stored']}",
        flush=True,
    )
    harness.report(
        "complaints", f"channel under attack ({n} unpaid + {n} wrong codes), {label}",
        float(bool(filed) + opens_own + opens_new), "of 3 real-complainant steps", target="3", met=ok,
        note=f"answers {statuses} params={PARAMS}",
    )  # fmt: skip
    return ok


def database(kind: str):
    if kind == "postgres":
        return harness.postgres()
    data_dir = tempfile.mkdtemp(prefix="bench-complaints-sqlite-")
    from contextlib import nullcontext

    return nullcontext(f"sqlite:///{data_dir}/prongsai.sqlite3")


def one_database(kind: str, args, first: bool) -> tuple[dict, bool]:
    started = time.perf_counter()
    with (
        database(kind) as url,
        tempfile.TemporaryDirectory(prefix="bench-complaints-") as data_dir,
        throttle_cache(args.cache) as cache_env,
    ):
        print(f"  ({kind} database up in {time.perf_counter() - started:.1f}s)", flush=True)
        extra = {"COMPLAINTS_POW_BITS": str(POW_BITS), "BENCH_PARAMS": PARAMS, **cache_env}
        env = harness.prepare(url, data_dir, DJANGO_SETTINGS_MODULE="complaints_site", **extra)
        print(f"  (migrated and static files collected in {time.perf_counter() - started:.1f}s)", flush=True)
        internal(env, "setup")
        attack_ok = attack_phase(kind, env, args.attack_n, args.concurrency) if args.attack_n else True
        steady = {**env, "BENCH_POW_RISE": "off", "BENCH_RECEIPT_VERIFIER": DEPLOYED}  # see the docstring
        if first:
            costs_phase(steady)
        internal(env, "reset")
        results, stored = {}, 0
        verifiers = ["argon2", "hmac"] if args.verifier == "both" else [args.verifier]
        for verifier in verifiers:
            n = args.argon2_n if verifier == "argon2" and args.verifier == "both" else args.n
            results[verifier] = load_phase(kind, env, n, args.concurrency, verifier, stored)
            stored += results[verifier]["stored"] + results[verifier]["warmed"]
        report_load(kind, args.concurrency, results, args.cache)
        last = results[DEPLOYED if DEPLOYED in results else verifiers[-1]]
        kill_ok = kill_phase(kind, steady, args.kill_n, args.concurrency, stored) if args.kill_n else True
    healthy = kill_ok and attack_ok and all(r["ok"] for r in results.values())
    return last, healthy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS", "1000")))
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--verifier", choices=["hmac", "argon2", "both"], default="both")
    parser.add_argument(
        "--cache", choices=["redis", "database"], default="redis",
        help="the throttle cache: Redis as deployed (a redis-server of its own unless REDIS_URL is set), "
        "or the database table of an install without Redis",
    )  # fmt: skip
    parser.add_argument(
        "--argon2-n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS_ARGON2", "300")),
        help="complaints under Argon2id when both verifiers run (it is the slower one)",
    )  # fmt: skip
    parser.add_argument("--kill-n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS_KILL", "150")))
    parser.add_argument(
        "--attack-n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS_ATTACK", "1000"))
    )
    args = parser.parse_args()
    argon2 = "argon2-cffi defaults" if PARAMS == "production" else "time_cost=1 8 MiB"
    print(
        f"params={PARAMS}: proof of work {POW_BITS} bits (production 16), solved before each timed window; "
        f"receipt verifier {args.verifier} (Argon2id: {argon2}); throttle cache {CACHE_LABEL[args.cache]}"
        + ("" if PARAMS == "production" else "; BENCH_PARAMS=light: not the deployed parameters"),
        flush=True,
    )
    started, results, healthy = time.perf_counter(), [], True
    for i, kind in enumerate(["postgres", "sqlite"] if args.db == "both" else [args.db]):
        result, ok = one_database(kind, args, first=i == 0)
        results.append(result)
        healthy = healthy and ok
    if SOLVE_CPU:
        harness.report(
            "complaints", f"proof of work solved by the load generator (Python, {POW_BITS} bits)",
            1000 * statistics.median(SOLVE_CPU), "ms",
            note=f"params={PARAMS}; CPU per challenge, median of {len(SOLVE_CPU)}; outside the timed windows",
        )  # fmt: skip
    print(f"total {time.perf_counter() - started:.0f}s; {'OK' if healthy else 'FAILED'}", flush=True)
    first = results[0]
    figures = f"stored={first['stored']} errors={first['errors']} unique_case_numbers={first['unique']}"
    print(
        f"{figures} rps={first['rps']:.1f} cpu_ms_per_complaint={first['cpu_ms']:.1f} params={PARAMS} "
        f"cache={args.cache}"
    )
    return 0 if healthy else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--internal":
        _django()
        action, payload = sys.argv[2], json.loads(Path(sys.argv[3]).read_text())
        actions = {
            "setup": internal_setup, "verify": internal_verify, "reset": internal_reset,
            "challenges": internal_challenges, "costs": internal_costs,
        }  # fmt: skip
        print(json.dumps(actions[action](payload)))
        sys.exit(0)
    sys.exit(main())
