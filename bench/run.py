"""`make bench`: run every benchmark in this folder, each in its own process, and write RESULTS.md.

A benchmark's output goes to the terminal as it runs; its `RESULT {json}` lines (harness.report)
become the rows of bench/RESULTS.md, with the machine and the date. BENCH_ONLY=name,name runs a few;
the figures of benchmarks not run this time are kept from bench/results.json, with their own date.
The country-scale simulation takes far longer than the others, so it runs only when named
(`make bench-country`, which is BENCH_ONLY=country_scale,country_redflags).
"""

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import RESULT_PREFIX  # noqa: E402

SUPPORT = {"run.py", "harness.py", "benchsite.py", "benchsite_urls.py", "complaints_site.py"}
ONLY_WHEN_NAMED = {"country_scale", "country_redflags", "backup_memory"}
STORE = HERE / "results.json"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {python}"


def run(script: Path) -> tuple[int, float, list[dict]]:
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, bufsize=1)
    rows = []
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith(RESULT_PREFIX):
            rows.append(json.loads(line[len(RESULT_PREFIX) :]))
    return process.wait(), time.monotonic() - start, rows


def cell(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value).replace("|", "\\|")


def table(results: dict[str, dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`). Each ratio is the figure divided by its baseline,",
        "both measured in the same run of the same benchmark.",
        "",
        "| benchmark | figure | value | unit | baseline | ratio | target | met | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in results.items():
        status, seconds, rows = entry["status"], entry["seconds"], entry["rows"]
        if status:
            lines.append(f"| {name} | **failed** (exit {status}) after {seconds:.0f} s | | | | | | no | |")
        for row in rows:
            met = {True: "yes", False: "**no**", None: ""}[row.get("met")]
            lines.append(
                f"| {row['benchmark']} | {cell(row['metric'])} | {cell(row['value'])} | {cell(row['unit'])} "
                f"| {cell(row['baseline'])} | {cell(row['ratio'])} | {cell(row['target'])} | {met} "
                f"| {cell(row['note'])} |"
            )
    lines += ["", "| benchmark | run on (UTC) | seconds | machine |", "|---|---|---|---|"]
    lines += [
        f"| {name} | {e['date']} | {e['seconds']:.0f} | {e['machine']} |" for name, e in results.items()
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    only = {n for n in os.environ.get("BENCH_ONLY", "").split(",") if n}
    scripts = [
        s
        for s in sorted(HERE.glob("*.py"))
        if s.name not in SUPPORT and (s.stem in only if only else s.stem not in ONLY_WHEN_NAMED)
    ]
    results = json.loads(STORE.read_text(encoding="utf-8")) if STORE.exists() else {}
    worst = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        status, seconds, rows = run(script)
        worst = max(worst, status)
        date = f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
        results[script.stem] = {"status": status, "seconds": seconds, "rows": rows, "date": date,
                                "machine": machine()}  # fmt: skip
    results = dict(sorted(results.items()))
    STORE.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "RESULTS.md").write_text(table(results), encoding="utf-8")
    print(f"\nwrote {HERE / 'RESULTS.md'}")
    return worst


if __name__ == "__main__":
    sys.exit(main())
