"""What Prongsai needs from Debian at run time, installed by `make demo` when it can be.

Chromium prints PDFs (memos, reports, label sheets) and poppler-utils reads published PDFs for
search and counts their pages. As root, with apt-get, the missing packages are installed; as anyone
else the exact command is printed and the demo goes on: the DOCX needs neither, and every page
that needs them says so in Thai and English. Run as a script, it also installs the metric-matched
stand-in for TH SarabunIT๙ and its fontconfig alias (`prongsai/documents/render/fonts.py`), so
LibreOffice opens our DOCX at the PDF's page count: for the machine as root, else for the user.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Debian package → the file it provides that Prongsai runs.
NEEDED = {
    "chromium": os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium"),
    "poppler-utils": "pdftotext",
}


def missing() -> list[str]:
    return [
        package for package, program in NEEDED.items()
        if not (os.path.exists(program) if os.path.isabs(program) else shutil.which(program))
    ]  # fmt: skip


def main() -> int:
    packages = missing()
    if not packages:
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"ติดตั้ง {' '.join(packages)} · installing {' '.join(packages)} (apt-get)", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False)  # noqa: S607 - Debian's apt on PATH
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(command, check=False, env=quiet)
        if done.returncode == 0 and not missing():
            return 0
    print(
        f"ยังไม่มี {', '.join(packages)}: สร้าง PDF ไม่ได้จนกว่าจะติดตั้ง (ไฟล์ DOCX ยังสร้างได้) ให้ผู้ดูแลระบบสั่ง\n"
        f"{', '.join(packages)} missing: PDFs cannot be made until it is installed (DOCX still works). "
        f"As root, run:\n  sudo {' '.join(command)}",
        file=sys.stderr,
    )
    return 0  # the demo goes on without them


def install_fonts() -> None:
    """The TH SarabunIT๙ stand-in and its fontconfig alias; a failure is said, never fatal."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from prongsai.documents.render import fonts

        font_dir, conf = fonts.install()
    except Exception as exc:  # the demo goes on; LibreOffice then picks another font
        print(f"ติดตั้งฟอนต์แทน TH SarabunIT๙ ไม่สำเร็จ · the TH SarabunIT๙ stand-in was not installed: {exc}",
              file=sys.stderr)  # fmt: skip
        return
    print(f"TH SarabunIT๙ → {fonts.FAMILY}: {font_dir}, {conf}", flush=True)


if __name__ == "__main__":
    install_fonts()
    sys.exit(main())
