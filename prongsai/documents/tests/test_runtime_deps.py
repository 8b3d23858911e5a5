"""`make demo` installs Chromium and poppler-utils when it may, and says how when it may not."""

import importlib.util
import os
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "runtime_deps.py"


@pytest.fixture
def deps(monkeypatch):
    spec = importlib.util.spec_from_file_location("runtime_deps", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(module.NEEDED, "chromium", "/nonexistent/chromium")
    return module


def test_without_root_the_exact_command_is_printed_and_the_demo_goes_on(deps, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert deps.main() == 0
    said = capsys.readouterr().err
    assert "sudo apt-get install -y --no-install-recommends chromium" in said
    assert "ยังไม่มี chromium" in said and "DOCX still works" in said


def test_as_root_missing_packages_are_installed_with_apt(deps, monkeypatch, tmp_path, capsys):
    calls = tmp_path / "calls"
    fake = tmp_path / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    deps.main()
    assert "install -y --no-install-recommends chromium" in calls.read_text()


def test_nothing_is_done_when_everything_is_there(deps, monkeypatch, capsys):
    monkeypatch.setitem(deps.NEEDED, "chromium", "/bin/sh")
    monkeypatch.setitem(deps.NEEDED, "poppler-utils", "sh")
    assert deps.main() == 0
    assert capsys.readouterr().err == ""
