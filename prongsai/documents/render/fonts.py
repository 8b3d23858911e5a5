"""A metric-matched stand-in for TH SarabunIT๙, for LibreOffice and servers without the TH fonts.

The DOCX names TH SarabunIT๙ 16 pt, as Thai offices have it. Where it is missing, LibreOffice
would fall back to another Thai font drawn about 1.4× larger (Laksaman, or Sarabun itself) and
the seed's 5 pages became 18. So we make "Sarabun TH Metrics": the bundled Sarabun (OFL) with its
units per em raised by `layout.SCALE` (1.41), which draws every glyph, advance and line height
1/1.41 as large, exactly what the PDF prints (Sarabun at 16/1.41 pt). A fontconfig rule then
*accepts* it for TH SarabunIT๙, TH SarabunPSK and TH Sarabun New: it is used only when the real
font is absent. The OFL allows the modified copy under another name (Sarabun reserves none).

`install()` puts both in place for the machine (as root: /usr/local/share/fonts and
/etc/fonts/conf.d) or for the user (~/.local/share/fonts, ~/.config/fontconfig/conf.d);
`scripts/runtime_deps.py` calls it, so `make demo` and CI have it. `fontconfig_file()` makes a
self-contained FONTCONFIG_FILE instead, for one process (the LibreOffice test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from prongsai.documents.layout import FONTS, SCALE

FAMILY = "Sarabun TH Metrics"
ALIASED = ("TH SarabunIT๙", "TH SarabunPSK", "TH Sarabun New")
CONF_NAME = "65-prongsai-th-sarabun.conf"
STYLES = {"Regular": "Sarabun-Regular.ttf", "Bold": "Sarabun-Bold.ttf"}


def build_fonts(out_dir: Path) -> list[Path]:
    """Write the scaled fonts into `out_dir` (idempotent: an existing file is kept)."""
    from fontTools.ttLib import TTFont

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for style, source in STYLES.items():
        target = out_dir / f"SarabunTHMetrics-{style}.ttf"
        if not target.exists():
            font = TTFont(str(FONTS / source))
            font["head"].unitsPerEm = round(font["head"].unitsPerEm * SCALE)
            names = {1: FAMILY, 2: style, 4: f"{FAMILY} {style}".replace(" Regular", ""),
                     6: f"SarabunTHMetrics-{style}", 3: f"prongsai;SarabunTHMetrics-{style}"}  # fmt: skip
            table = font["name"]
            table.names = [n for n in table.names if n.nameID not in (16, 17, 21, 22)]
            for record in table.names:
                if record.nameID in names:
                    record.string = names[record.nameID]
            font.save(str(target))
        written.append(target)
    return written


def conf_xml(font_dir: Path | None = None, include_system: bool = False) -> str:
    """The fontconfig rules: TH SarabunIT๙ and its kin fall back to Sarabun TH Metrics."""
    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    if include_system:
        parts.append("  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>")
    if font_dir is not None:
        parts.append(f"  <dir>{font_dir}</dir>")
    for family in ALIASED:
        accept = f"<accept><family>{FAMILY}</family></accept>"
        parts.append(f'  <alias binding="same"><family>{family}</family>{accept}</alias>')
    parts.append("</fontconfig>")
    return "\n".join(parts) + "\n"


def fontconfig_file(workdir: Path) -> Path:
    """A FONTCONFIG_FILE for one process: the system's fonts plus the alias and our fonts."""
    font_dir = workdir / "fonts"
    build_fonts(font_dir)
    conf = workdir / "fonts.conf"
    conf.write_text(conf_xml(font_dir, include_system=True), encoding="utf-8")
    return conf


def install(system: bool | None = None) -> tuple[Path, Path]:
    """Install the fonts and the alias for the machine (root) or the user; refresh fc-cache."""
    system = os.geteuid() == 0 if system is None else system
    if system:
        font_dir, conf_dir = Path("/usr/local/share/fonts/prongsai"), Path("/etc/fonts/conf.d")
    else:
        home = Path.home()
        font_dir = home / ".local" / "share" / "fonts" / "prongsai"
        conf_dir = Path(os.environ.get("XDG_CONFIG_HOME", home / ".config")) / "fontconfig" / "conf.d"
    build_fonts(font_dir)
    conf_dir.mkdir(parents=True, exist_ok=True)
    conf = conf_dir / CONF_NAME
    conf.write_text(conf_xml(), encoding="utf-8")
    if shutil.which("fc-cache"):
        subprocess.run(["fc-cache", "-f", str(font_dir)], check=False, capture_output=True)  # noqa: S603,S607
    return font_dir, conf
