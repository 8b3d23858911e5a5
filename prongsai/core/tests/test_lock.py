"""The lock files follow pyproject.toml: a dependency changed without `make lock` fails the install."""

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def lock(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    return module


def test_the_committed_locks_match_pyproject(lock):
    assert lock.check() == []


def test_a_dependency_changed_without_its_lock_is_caught(lock, capsys, monkeypatch):
    pyproject = lock.ROOT / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"qrcode==8.2"', '"qrcode==8.1"'))
    assert lock.check() == ["requirements/production.txt", "requirements/test.txt"]
    monkeypatch.setattr("sys.argv", ["lock.py", "--check"])
    assert lock.main() == 1
    assert "make lock" in capsys.readouterr().err


def test_every_pin_carries_its_hash():
    for name in ("production.txt", "test.txt"):
        text = (ROOT / "requirements" / name).read_text()
        pins = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
        assert pins and all(line.rstrip().endswith("\\") for line in pins), name  # a --hash line follows
