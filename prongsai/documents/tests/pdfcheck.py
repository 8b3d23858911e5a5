"""Measuring a printed PDF as a reviewer would: its words' boxes, its text against the seed, its pages
against reference images. Used by the golden and render tests of every kind of document.

Reference images live in `tests/references/<name>-<page>.png` (grey, 40 dpi). They are written
only when REGENERATE_REFERENCES=1 is set, on purpose, by a reviewer who looked at the new pages;
otherwise a page that differs beyond the tolerance fails the test and writes the new image beside
the old one (`<name>-<page>.new.png`) for the reviewer to compare.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REFERENCES = Path(__file__).resolve().parent / "references"
CM = 72 / 2.54  # PDF points per centimetre
REFERENCE_DPI = 40
# A page matches its reference when at most 1.5% of its pixels differ by more than a quarter of
# the grey scale (an anti-aliasing change moves edges by a pixel, a moved line moves thousands).
CHANGED_LEVEL = 64
TOLERANCE = 0.015


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pages(pdf: Path) -> list[Page]:
    """Every page's size and words with their boxes, in points from the top left (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [
        Page(float(w), float(h), tuple(
            Word(html.unescape(t), float(a), float(b), float(c), float(d))
            for a, b, c, d, t in _WORD.findall(body)
        ))
        for w, h, body in _PAGE.findall(out.stdout)
    ]  # fmt: skip


def raw_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """`pdftotext -raw`: the content stream's order, cell by cell."""
    span = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    command = ["pdftotext", "-raw", *span, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def tokens(text: str) -> list[str]:
    """Dot leaders and whitespace removed, then pythainlp newmm tokens (the issue's method)."""
    from pythainlp.tokenize import word_tokenize

    flat = "".join(re.sub(r"\.{2,}|…", "", text.replace("\u00a0", " ")).split())
    return [w for w in word_tokenize(flat, engine="newmm") if w.strip()]


def token_share(seed: str, printed: str) -> float:
    """The share of the seed's tokens found in order in the printed text: difflib's matching blocks."""
    expected, found = tokens(seed), tokens(printed)
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def outside_margins(pdf: Path, left: float = 3.0, right: float = 2.0, top: float = 1.0, bottom: float = 2.0,
                    slack: float = 0.05) -> list[str]:  # fmt: skip
    """Words printed outside the text area (cm from each edge; the top allows the page number)."""
    bad = []
    for n, page in enumerate(pages(pdf), start=1):
        for w in page.words:
            if (w.x0 < (left - slack) * CM or w.x1 > page.width - (right - slack) * CM
                    or w.y0 < (top - slack) * CM or w.y1 > page.height - (bottom - slack) * CM):  # fmt: skip
                bad.append(f"page {n}: {w.text!r} at x {w.x0 / CM:.2f}–{w.x1 / CM:.2f} cm, "
                           f"y {w.y0 / CM:.2f}–{w.y1 / CM:.2f} cm")  # fmt: skip
    return bad


def page_images(pdf: Path, dpi: int = REFERENCE_DPI) -> list:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("p-*.png"))]


def changed_share(image, reference) -> float:
    from PIL import ImageChops

    if image.size != reference.size:
        return 1.0
    diff = ImageChops.difference(image.convert("L"), reference.convert("L"))
    histogram = diff.histogram()
    return sum(histogram[CHANGED_LEVEL:]) / (image.size[0] * image.size[1])


def compare_with_references(pdf: Path, name: str, tolerance: float = TOLERANCE) -> list[str]:
    """Differences between the PDF's pages and the kept references (empty: they match)."""
    images = page_images(pdf)
    if os.environ.get("REGENERATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        for old in REFERENCES.glob(f"{name}-*.png"):
            old.unlink()
        for n, image in enumerate(images, start=1):
            image.save(REFERENCES / f"{name}-{n}.png", optimize=True)
        return []
    from PIL import Image

    kept = sorted(REFERENCES.glob(f"{name}-[0-9]*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    problems = []
    if len(kept) != len(images):
        problems.append(f"{name}: {len(images)} pages, the references have {len(kept)}")
    for n, (image, path) in enumerate(zip(images, kept, strict=False), start=1):
        share = changed_share(image, Image.open(path))
        if share > tolerance:
            image.save(path.with_suffix(".new.png"))
            problems.append(f"{name} page {n}: {share:.1%} of the pixels changed (tolerance {tolerance:.1%})")
    return problems
