"""The lock files: every package pinned with its hashes, written from pyproject.toml by uv.

`python scripts/lock.py` writes them (`make lock`); `python scripts/lock.py --check` fails when
pyproject.toml's dependencies changed since, which `make install` runs first, so a dependency
changed without its lock fails `make demo`, `make test` and CI.

Two locks: `requirements/production.txt` (what a server installs, docs/deploy) and
`requirements/test.txt` (the tests' and the S3 extra's packages as well).
"""

import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"production.txt": [], "test.txt": ["test", "s3"]}
STAMP = "# pyproject dependencies sha256: "


def dependencies_hash(extras: list[str]) -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen = {"": project["dependencies"], **{e: project["optional-dependencies"][e] for e in extras}}
    return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()


def write() -> None:
    (ROOT / "requirements").mkdir(exist_ok=True)
    for name, extras in LOCKS.items():
        out = ROOT / "requirements" / name
        subprocess.run(
            [
                sys.executable, "-m", "uv", "pip", "compile", "pyproject.toml", "--quiet", "--no-header",
                "--generate-hashes", "--python-version", "3.11", "--universal", "-o", str(out),
                *[arg for extra in extras for arg in ("--extra", extra)],
            ],
            cwd=ROOT, check=True,
        )  # fmt: skip
        header = (
            "# Written by `make lock` (scripts/lock.py) from pyproject.toml; do not edit by hand.\n"
            f"{STAMP}{dependencies_hash(extras)}\n"
        )
        out.write_text(header + out.read_text(encoding="utf-8"), encoding="utf-8")


def check() -> list[str]:
    stale = []
    for name, extras in LOCKS.items():
        path = ROOT / "requirements" / name
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        stamp = next((line.removeprefix(STAMP) for line in lines if line.startswith(STAMP)), None)
        if stamp != dependencies_hash(extras):
            stale.append(f"requirements/{name}")
    return stale


def main() -> int:
    if "--check" not in sys.argv:
        write()
        return 0
    stale = check()
    if stale:
        print(
            f"ไฟล์ล็อกไม่ตรงกับ pyproject.toml: {', '.join(stale)} ให้สั่ง make lock\n"
            f"The lock is out of date with pyproject.toml: {', '.join(stale)}; run `make lock`.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
