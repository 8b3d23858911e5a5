"""The warm renderer: one Chromium reused across PDFs, started again after a crash or a timeout."""

import os
import threading
from pathlib import Path

import pytest

from prongsai.documents.render import browser
from prongsai.documents.render.html import chromium_path, page_count

pytestmark = pytest.mark.skipif(
    not os.path.exists(chromium_path()) and os.environ.get("CI") != "true", reason="Chromium is not installed"
)


@pytest.fixture
def printer():
    renderer = browser.WarmBrowser(chromium_path())
    yield renderer
    renderer.stop()


def page(tmp_path: Path, name: str, body: str = "<p>ทดสอบสำนักปลัด</p>") -> Path:
    html = tmp_path / f"{name}.html"
    html.write_text(f"<!doctype html><meta charset=utf-8>{body}", encoding="utf-8")
    return html


def test_one_browser_prints_many_pdfs(printer, tmp_path):
    for n in range(3):
        printer.print_pdf(page(tmp_path, f"p{n}"), tmp_path / f"p{n}.pdf")
        assert page_count(tmp_path / f"p{n}.pdf") == 1
    assert printer.renders == 3  # never restarted in between


def test_a_killed_browser_is_started_again(printer, tmp_path):
    printer.print_pdf(page(tmp_path, "a"), tmp_path / "a.pdf")
    first = printer._process.pid
    printer._process.kill()
    printer._process.wait()
    printer.print_pdf(page(tmp_path, "b"), tmp_path / "b.pdf")  # the crash is seen and mended
    assert (tmp_path / "b.pdf").stat().st_size > 0
    assert printer._process.pid != first


def test_a_render_past_its_timeout_fails_clearly_and_the_next_one_works(printer, tmp_path):
    endless = page(tmp_path, "endless", "<script>while (true) {}</script>")
    with pytest.raises(browser.RenderError, match="longer than"):
        printer.print_pdf(endless, tmp_path / "endless.pdf", timeout=3)
    printer.print_pdf(page(tmp_path, "after"), tmp_path / "after.pdf")
    assert page_count(tmp_path / "after.pdf") == 1


def test_renders_from_several_threads_share_the_browser(printer, tmp_path):
    errors = []

    def render(n: int) -> None:
        try:
            printer.print_pdf(page(tmp_path, f"t{n}"), tmp_path / f"t{n}.pdf")
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(4)]
    [thread.start() for thread in threads]
    [thread.join(60) for thread in threads]
    assert errors == []
    assert all((tmp_path / f"t{n}.pdf").stat().st_size > 0 for n in range(4))


def test_the_browser_is_restarted_after_its_render_budget(printer, tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "RESTART_AFTER", 2)
    pids = []
    for n in range(3):
        printer.print_pdf(page(tmp_path, f"r{n}"), tmp_path / f"r{n}.pdf")
        pids.append(printer._process.pid)
    assert pids[0] == pids[1] != pids[2]


def test_the_process_keeps_one_renderer(tmp_path):
    assert browser.warm_browser(chromium_path()) is browser.warm_browser(chromium_path())
