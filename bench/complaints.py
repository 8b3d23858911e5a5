"""Load and crash test of the complaint intake: N complaints with evidence from concurrent clients.

Run: `.venv/bin/python bench/complaints.py --n 1000 --concurrency 32 [--db sqlite|postgres|both]`.
Each client acts like a browser: it GETs the intake form (CSRF cookie, proof-of-work challenge),
solves the challenge with `prongsai.complaints.pow.solve`, POSTs a complaint with a small PDF,
and counts the complaint as *acknowledged* when the receipt page names its case number. Then the
database is read directly: every acknowledged number must be there, numbers unique, every case
whole (its texts decrypt, its evidence is there and opens), and the audit chain unbroken.

Attack phase (first): `--attack-n` complaints without proof of work and as many wrong receipt
codes, concurrently; a real complainant must then still file and follow up with their code.

Crash phase: another run of `--kill-n` submissions during which the server is killed with SIGKILL
(a power cut), then started again; no acknowledged complaint may be missing and none half-written.

Scaled for a 2-core machine (said in the output too): the proof of work is COMPLAINTS_POW_BITS=8
(16 in production) and Argon2 for receipt codes runs with time_cost=1, 8 MiB (BENCH_ARGON2_FAST);
the real Argon2 cost per submission is measured and printed beside the rate.
The last line is `stored=N errors=E unique_case_numbers=U rps=R` for the first database run
(with --db both, the PostgreSQL run, as in the issue), after `harness.report` lines for each.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import harness  # noqa: E402

ORG = "bench-complaints"
POW_BITS = 8


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
CASE_NUMBER = re.compile(rb'id="case-number">[^<]*?(\d+/\d{4})')
RECEIPT_CODE = re.compile(rb'id="receipt-code">([0-9A-Z-]{24})<')
FIRST_FAILURE: list[str] = []  # what the first refused submission answered, printed for the reader


def solve(challenge: str) -> str:
    """The work the challenge asks for (its bits rise with the load: pow.py)."""
    from prongsai.complaints.pow import solve as pow_solve  # pure hashing, no Django settings read

    return pow_solve(challenge)


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

    def submit(self, n: int) -> str | None:
        """The case number the server acknowledged, or None."""
        path = f"/{ORG}/complaints/"
        status, page = self.request("GET", path, headers={"Accept-Language": "th"})
        csrf, challenge = CSRF_INPUT.search(page), CHALLENGE_INPUT.search(page)
        if status != 200 or not csrf or not challenge:
            return None
        fields = {
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "category": "procurement",
            "concerned": f"ผู้ถูกร้องเรียนที่ {n}",
            "when_where": "ปีงบประมาณ 2569 กองคลัง",
            "description": f"รายละเอียดเรื่องร้องเรียนทดสอบภาระ หมายเลข {n} " * 5,
            "name": "",
            "contact": "",
            "website": "",
            "pow_challenge": challenge.group(1).decode(),
            "pow_counter": solve(challenge.group(1).decode()),
        }
        body, content_type = multipart(fields, {"files": (f"evidence-{n}.pdf", PDF, "application/pdf")})
        status, page = self.request(
            "POST",
            path,
            body,
            {"Content-Type": content_type, "Referer": f"http://{self.host}:{self.port}{path}"},
        )
        found = CASE_NUMBER.search(page) if status == 200 else None
        if not found and not FIRST_FAILURE:
            html = page.decode("utf-8", "replace")
            alert = html.find('role="alert"')  # the form's own message, rather than the page's header
            text = re.sub(r"<[^>]+>", " ", html[alert:] if alert >= 0 else html)
            FIRST_FAILURE.append(f"HTTP {status}: {' '.join(text.split())[:400]}")
        code = RECEIPT_CODE.search(page) if found else None
        self.last_code = code.group(1).decode() if code else None
        return found.group(1).decode() if found else None

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


def run(base_url: str, n: int, concurrency: int, on_progress=None) -> tuple[list[str], int, float]:
    """Submit n complaints; (acknowledged case numbers, errors, seconds)."""
    acknowledged, errors, lock = [], [0], threading.Lock()
    counter = iter(range(n))
    local = threading.local()

    def one(_slot: int) -> None:
        local.client = Client(base_url)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                number = local.client.submit(i)
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


def argon2_cost() -> float:
    """Seconds per receipt-code hash with the production parameters (argon2-cffi defaults)."""
    from argon2 import PasswordHasher

    hasher, started = PasswordHasher(), time.perf_counter()
    for _ in range(5):
        hasher.hash("ABCDEFGHJKMNPQRSTVWX")
    return (time.perf_counter() - started) / 5


# ----- phases -------------------------------------------------------------------------------------


def load_phase(label: str, env: dict, n: int, concurrency: int) -> dict:
    with harness.gunicorn(env, workers=3) as server:
        acknowledged, errors, seconds = run(server.url, n, concurrency)
    check = internal(env, "verify", {"acknowledged": acknowledged})
    if FIRST_FAILURE:
        print(f"[{label}] first refused submission: {FIRST_FAILURE.pop()}", flush=True)
    rps = n / seconds
    ok = (
        check["stored"] == len(acknowledged) == n
        and errors == 0
        and check["unique_case_numbers"] == n
        and not check["missing"]
        and not check["half_written"]
        and not check["audit_breaks"]
    )
    print(
        f"[{label}] submitted={n} acknowledged={len(acknowledged)} errors={errors} stored={check['stored']} "
        f"unique={check['unique_case_numbers']} missing={len(check['missing'])} "
        f"half_written={len(check['half_written'])} orphans={check['orphan_files']} "
        f"audit_breaks={len(check['audit_breaks'])} in {seconds:.1f}s",
        flush=True,
    )
    harness.report(
        "complaints", f"intake with evidence, {concurrency} clients, {label}", rps, "complaints/s",
        target="all acknowledged stored, numbers unique", met=ok,
        note=f"stored={check['stored']} errors={errors} PoW {POW_BITS} bits rising with load, fast Argon2",
    )  # fmt: skip
    return {
        "ok": ok,
        "stored": check["stored"],
        "errors": errors,
        "unique": check["unique_case_numbers"],
        "rps": rps,
    }


def kill_phase(label: str, env: dict, n: int, concurrency: int, already: int) -> bool:
    """SIGKILL the server once a third of the run is acknowledged; restart; check nothing is lost."""
    with harness.gunicorn(env, workers=3) as server:
        killed = threading.Event()

        def progress(_done: int, acked: int) -> None:
            if acked >= n // 3 and not killed.is_set():
                killed.set()
                server.kill()

        acknowledged, errors, _seconds = run(server.url, n, concurrency, progress)
        server.start()
        after, after_errors, _s = run(server.url, 20, 4)  # the restarted server takes complaints again
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
        note=f"acknowledged={len(acknowledged)} cut={errors} restarted ok={after_errors == 0}",
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
    with harness.gunicorn(env, workers=3) as server:
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
        note=f"answers {statuses}",
    )  # fmt: skip
    return ok


def database(kind: str):
    if kind == "postgres":
        return harness.postgres()
    data_dir = tempfile.mkdtemp(prefix="bench-complaints-sqlite-")
    from contextlib import nullcontext

    return nullcontext(f"sqlite:///{data_dir}/prongsai.sqlite3")


def one_database(kind: str, args) -> tuple[dict, bool]:
    started = time.perf_counter()
    with database(kind) as url, tempfile.TemporaryDirectory(prefix="bench-complaints-") as data_dir:
        print(f"  ({kind} database up in {time.perf_counter() - started:.1f}s)", flush=True)
        extra = {"COMPLAINTS_POW_BITS": str(POW_BITS), "BENCH_ARGON2_FAST": "1"}
        env = harness.prepare(url, data_dir, DJANGO_SETTINGS_MODULE="complaints_site", **extra)
        print(f"  (migrated and static files collected in {time.perf_counter() - started:.1f}s)", flush=True)
        internal(env, "setup")
        attack_ok = attack_phase(kind, env, args.attack_n, args.concurrency) if args.attack_n else True
        internal(env, "reset")
        result = load_phase(kind, env, args.n, args.concurrency)
        kill_ok = (
            kill_phase(kind, env, args.kill_n, args.concurrency, result["stored"]) if args.kill_n else True
        )
    return result, kill_ok and attack_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS", "1000")))
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--kill-n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS_KILL", "150")))
    parser.add_argument(
        "--attack-n", type=int, default=int(os.environ.get("BENCH_COMPLAINTS_ATTACK", "1000"))
    )
    args = parser.parse_args()
    print(
        f"scaled for 2 cores: proof of work {POW_BITS} bits (production 16), Argon2 time_cost=1 8 MiB "
        f"(production: argon2-cffi defaults, {argon2_cost() * 1000:.0f} ms per code on this machine)",
        flush=True,
    )
    started, results, healthy = time.perf_counter(), [], True
    for kind in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        result, kill_ok = one_database(kind, args)
        results.append(result)
        healthy = healthy and result["ok"] and kill_ok
    print(f"total {time.perf_counter() - started:.0f}s; {'OK' if healthy else 'FAILED'}", flush=True)
    first = results[0]
    figures = f"stored={first['stored']} errors={first['errors']} unique_case_numbers={first['unique']}"
    print(f"{figures} rps={first['rps']:.1f}")
    return 0 if healthy else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--internal":
        _django()
        action, payload = sys.argv[2], json.loads(Path(sys.argv[3]).read_text())
        actions = {"setup": internal_setup, "verify": internal_verify, "reset": internal_reset}
        print(json.dumps(actions[action](payload)))
        sys.exit(0)
    sys.exit(main())
