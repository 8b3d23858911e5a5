"""One warm Chromium per process, reused for every PDF that process prints.

Starting Chromium costs most of a memo's render (about 0.8 s, twice that under load); printing in a
browser that is already running takes a tenth of it. Playwright's sync API belongs to the thread
that started it, so one daemon thread owns the browser and callers hand it work through a queue:
that is safe under gunicorn's sync workers, the development server's threads and the task worker.

We start Chromium ourselves and attach over the DevTools protocol, so that a render that overruns
its timeout can be ended by killing the process we own. The browser is started again after
`RESTART_AFTER` renders, after a crash or a timeout, and in a forked child (its pid differs).
"""

import atexit
import logging
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

RESTART_AFTER = int(os.environ.get("PDF_RENDERER_RESTART_AFTER", "200"))
TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "60"))
START_TIMEOUT = 30
log = logging.getLogger(__name__)
_DEVTOOLS = re.compile(rb"DevTools listening on (ws://\S+)")


class RenderError(RuntimeError):
    """The PDF could not be produced; the message says why in Thai and English."""


@dataclass
class _Job:
    html: Path
    out: Path
    done: threading.Event = field(default_factory=threading.Event)
    error: str = ""


def _launch(binary: str) -> tuple[subprocess.Popen, str, str]:
    """Chromium with a DevTools port and a throwaway profile; returns (process, ws url, profile)."""
    profile = tempfile.mkdtemp(prefix="prongsai-chromium-")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    seen = b""
    timer = threading.Timer(START_TIMEOUT, process.kill)
    timer.start()
    try:
        for line in iter(process.stderr.readline, b""):
            seen += line
            found = _DEVTOOLS.search(line)
            if found:  # keep reading what Chromium says, or a full pipe would stall it
                threading.Thread(target=_drain, args=(process.stderr,), daemon=True).start()
                return process, found.group(1).decode(), profile
    finally:
        timer.cancel()
    process.kill()
    process.wait()
    process.stderr.close()
    shutil.rmtree(profile, ignore_errors=True)
    raise RenderError(
        "เปิดโปรแกรม Chromium ไม่สำเร็จ / Chromium did not start: " + seen.decode(errors="replace")[-300:]
    )


def _drain(stream) -> None:
    with stream:
        for _line in iter(stream.readline, b""):
            pass


class WarmBrowser:
    """The process's printer: `print_pdf(html, out)` blocks until the PDF is written or fails."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.renders = 0
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._pid = os.getpid()
        self._process: subprocess.Popen | None = None
        self._browser = self._page = None  # the owner thread's alone
        self._profile = ""
        self._thread = threading.Thread(target=self._serve, name="pdf-renderer", daemon=True)
        self._thread.start()

    def print_pdf(self, html: Path, out: Path, timeout: float = TIMEOUT) -> None:
        job = _Job(html, out)
        self._jobs.put(job)
        if not job.done.wait(timeout):
            self._kill()  # the printing call in the owner thread fails, and the next job restarts
            job.done.wait(5)
            raise RenderError(
                f"พิมพ์ PDF เกินเวลา {timeout:.0f} วินาที / printing the PDF took longer than {timeout:.0f} s"
            )
        if job.error:
            raise RenderError("สร้างไฟล์ PDF ไม่สำเร็จ / the PDF could not be created: " + job.error)

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(10)
        self._kill()

    def _alive(self) -> bool:
        # A crash is seen by the process first: Playwright learns of it only when its loop runs.
        return self._browser is not None and self._process.poll() is None and self._browser.is_connected()

    def _kill(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait(10)

    def _serve(self) -> None:
        try:
            self._serve_jobs()
        except Exception as exc:
            while not self._jobs.empty():
                if job := self._jobs.get_nowait():
                    job.error = f"{type(exc).__name__}: {exc}"[:300]
                    job.done.set()
            log.exception("the PDF renderer stopped")

    def _serve_jobs(self) -> None:
        from playwright.sync_api import Error, sync_playwright

        with sync_playwright() as playwright:
            while (job := self._jobs.get()) is not None:
                try:
                    if not self._alive() or self.renders >= RESTART_AFTER:
                        self._restart(playwright)
                    self._page.goto(job.html.as_uri(), wait_until="load")
                    self._page.pdf(path=str(job.out), prefer_css_page_size=True, print_background=True)
                    self.renders += 1
                except (Error, RenderError, OSError) as exc:
                    job.error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                    self._restart(playwright, start=False)
                finally:
                    job.done.set()
            self._restart(playwright, start=False)

    def _restart(self, playwright, start: bool = True) -> None:
        """A fresh browser with one page, kept for every render (a new context or page per render
        would cost a renderer process each time: 0.2-0.7 s, as much as the printing itself)."""
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception:  # noqa: S110 - the browser may already be gone; we kill it next
                pass
        self._kill()
        shutil.rmtree(self._profile, ignore_errors=True) if self._profile else None
        self._browser = self._page = None
        self._profile = ""
        self.renders = 0
        if start:
            self._process, endpoint, self._profile = _launch(self.binary)
            self._browser = playwright.chromium.connect_over_cdp(endpoint)
            self._page = self._browser.new_context().new_page()


_current: WarmBrowser | None = None
_current_lock = threading.Lock()


def warm_browser(binary: str) -> WarmBrowser:
    """This process's renderer, started on first use (and again in a forked child)."""
    global _current
    with _current_lock:
        if _current is None or _current._pid != os.getpid() or not _current._thread.is_alive():
            _current = WarmBrowser(binary)
            atexit.register(_current.stop)
        return _current
