"""Median time to render the seed's measures memo with its attachment, as PDF and as DOCX.

The memo is the demo's approved version 1 (the seed as signed, 5 pages), printed as an approved
document is (`output.content_for`: its frozen content and the chain's approvals).
Targets: PDF ≤ 1 s, DOCX ≤ 0.2 s, and the memo through the warm renderer (one Chromium kept per
process, `documents/render/browser.py`) at most 0.5× the cold baseline measured in the same run: a
fresh Chromium started to print a one-line HTML page, the least a PDF cost before the renderer was
kept warm. The cold memo (a fresh browser per render) is reported beside it. The electronic seal's
added time is one more row (`report_seal`). Run:
`.venv/bin/python bench/documents_render.py` (creates the demo in that data folder first).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
os.environ.setdefault("PRONGSAI_DATA_DIR", tempfile.mkdtemp(prefix="bench-docs-"))
# A throwaway data directory with made-up keys: development settings (fail-closed production settings
# refuse to start without secrets). Rendering is the same code either way; DEBUG only keeps the
# uncached template loader, which makes these figures slower, never easier.
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from harness import report  # noqa: E402

from prongsai.core import demo  # noqa: E402
from prongsai.documents.models import Document, Status  # noqa: E402
from prongsai.documents.output import content_for  # noqa: E402
from prongsai.documents.render import browser  # noqa: E402
from prongsai.documents.render.docx import render_docx  # noqa: E402
from prongsai.documents.render.html import chromium_path, html_to_pdf, page_count, render_pdf  # noqa: E402

RUNS = 5
TARGETS = {"pdf": 1.0, "docx": 0.2}


def cold_pdf(html: Path, out: Path) -> None:
    """One Chromium started for one page, as every render did before the warm renderer."""
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    try:
        subprocess.run(
            [
                chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                html.as_uri(),
            ],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def cold_memo(document, out: Path) -> None:
    """The memo through a renderer started for it alone and stopped after it."""
    warm = browser.warm_browser(chromium_path())
    warm.stop()
    render_pdf(content_for(document), out)


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    # Only the demos the memo is made from, so another app's demo cannot stop the benchmark.
    demo._load_app_demos = lambda orgs: [
        __import__(f"prongsai.{name}.demo", fromlist=["load"]).load(orgs) for name in ("ita", "documents")
    ]
    demo.load_demo()
    document = Document.objects.get(
        organisation__slug="bophloi", document_type__code="measures-memo", fiscal_year=2565,
        status=Status.APPROVED,
    )
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    (out / "blank.html").write_text("<!doctype html><meta charset=utf-8><p>ทดสอบ</p>", encoding="utf-8")
    blank = statistics.median(
        timed(lambda: cold_pdf(out / "blank.html", out / "blank.pdf")) for _ in range(RUNS)
    )
    html_to_pdf(out / "blank.html", out / "blank.pdf")  # start the warm browser outside the timing
    results = {
        "content": statistics.median(timed(lambda: content_for(document)) for _ in range(RUNS)),
        "docx": statistics.median(
            timed(lambda: render_docx(content_for(document), out / "m.docx")) for _ in range(RUNS)
        ),
        "pdf": statistics.median(
            timed(lambda: render_pdf(content_for(document), out / "m.pdf")) for _ in range(RUNS)
        ),
    }
    cold = statistics.median(timed(lambda: cold_memo(document, out / "cold.pdf")) for _ in range(RUNS))
    ratio = results["pdf"] / blank
    print(f"cold one-line page {blank:.3f} s; memo cold {cold:.3f} s, warm {results['pdf']:.3f} s")
    report(
        "documents_render", f"measures memo → PDF, warm renderer (median of {RUNS})",
        results["pdf"], "s", baseline=blank, target="≤ 0.5× the cold one-line page", met=ratio <= 0.5,
        note=f"baseline: a fresh Chromium printing a one-line page; the memo in a cold browser: {cold:.3f} s",
    )  # fmt: skip
    print(f"pages: {page_count(out / 'm.pdf')}")
    report_seal(document, (out / "m.pdf").read_bytes(), results["pdf"])
    for name, seconds in results.items():
        target = TARGETS.get(name)
        ratio = f"  ({seconds / target:.2f}× the {target} s target)" if target else ""
        print(f"{name:8s} median of {RUNS}: {seconds:.3f} s{ratio}")
        if target:
            report(
                "documents_render", f"measures memo → {name.upper()} (median of {RUNS})", seconds, "s",
                baseline=blank if name == "pdf" else results["content"], target=f"≤ {target} s",
                met=seconds <= target,
                note="baseline: " + ("a fresh Chromium's one-line page" if name == "pdf" else "memo content"),
            )  # fmt: skip


def report_seal(document, pdf: bytes, pdf_seconds: float) -> None:
    """The electronic seal's added time on the final PDF (documents/seal.py), beside the PDF's own."""
    from prongsai.documents import output, seal

    seal.ensure_certificate(document.organisation)  # generated once per organisation, not per file
    approvals = output.approvals_of(document)
    seconds = statistics.median(
        timed(lambda: seal.seal(pdf, document.organisation, approvals)) for _ in range(RUNS)
    )
    print(f"seal     median of {RUNS}: {seconds:.3f} s added to the PDF's {pdf_seconds:.3f} s")
    report(
        "documents_render", f"measures memo → sealed PDF, the seal's added time (median of {RUNS})",
        seconds, "s", baseline=pdf_seconds, note="baseline: the memo's PDF render (warm)",
    )  # fmt: skip


if __name__ == "__main__":
    main()
