"""The 5 × 5 heat map of a register, as server-rendered SVG with a text alternative.

Each cell counts the risks with that likelihood and impact (inherent, or residual from the latest
follow-up) and is filled with its level's colour from `levels.py`. The SVG carries a <title> and
<desc>; pages also show the same counts as a table, so no information is in colour alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.html import escape

from prongsai.integrity import levels
from prongsai.thai.digits import to_thai_digits

CELL = 56
LEFT, TOP = 64, 16
SIZE = 5 * CELL


@dataclass(frozen=True)
class HeatMap:
    cells: dict[tuple[int, int], int]  # (likelihood, impact) -> number of risks

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def by_level(self) -> dict[str, int]:
        counts = {band.code: 0 for band in levels.BANDS}
        for (likelihood, impact), n in self.cells.items():
            counts[levels.level(likelihood, impact).code] += n
        return counts

    def rows(self) -> list[list[tuple[int, int, int, levels.Level]]]:
        """Impact 5 down to 1, likelihood 1 to 5: (likelihood, impact, count, level) per cell."""
        return [
            [(lk, im, self.cells.get((lk, im), 0), levels.level(lk, im)) for lk in levels.SCALE]
            for im in reversed(levels.SCALE)
        ]


def heat_map(pairs) -> HeatMap:
    """From (likelihood, impact) pairs."""
    return HeatMap(dict(Counter((int(lk), int(im)) for lk, im in pairs)))


def inherent(risks) -> HeatMap:
    return heat_map((r.likelihood, r.impact) for r in risks)


def residual(risks) -> HeatMap:
    """Each risk at its latest follow-up; a risk not yet followed up counts at its inherent level."""
    pairs = []
    for risk in risks:
        latest = risk.latest_follow_up if hasattr(risk, "latest_follow_up") else None
        pairs.append(
            (latest.residual_likelihood, latest.residual_impact) if latest else (risk.likelihood, risk.impact)
        )
    return heat_map(pairs)


def svg(
    heat: HeatMap,
    title: str,
    likelihood_label: str,
    impact_label: str,
    key: str = "hm",
    thai_digits: bool = True,
) -> str:
    """The map as SVG markup; `key` keeps ids unique when a page shows two maps."""
    digits = to_thai_digits if thai_digits else str
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEFT + SIZE + 8} {TOP + SIZE + 48}" '
        f'role="img" aria-labelledby="{key}-title {key}-desc" class="heatmap">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(_description(heat, digits))}</desc>',
    ]
    for row, cells in enumerate(heat.rows()):
        for column, (_lk, _im, count, band) in enumerate(cells):
            x, y = LEFT + column * CELL, TOP + row * CELL
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{band.colour}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 7}" text-anchor="middle" '
                    f'font-size="20" font-weight="bold" fill="#1a1a1a">{digits(count)}</text>'
                )
    for i in levels.SCALE:
        parts.append(
            f'<text x="{LEFT + (i - 1) * CELL + CELL / 2}" y="{TOP + SIZE + 18}" text-anchor="middle" '
            f'font-size="14" fill="#1a1a1a">{digits(i)}</text>'
        )
        parts.append(
            f'<text x="{LEFT - 10}" y="{TOP + (5 - i) * CELL + CELL / 2 + 5}" text-anchor="end" '
            f'font-size="14" fill="#1a1a1a">{digits(i)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + SIZE / 2}" y="{TOP + SIZE + 40}" text-anchor="middle" font-size="14" '
        f'fill="#1a1a1a">{escape(likelihood_label)}</text>'
    )
    parts.append(
        f'<text x="16" y="{TOP + SIZE / 2}" text-anchor="middle" font-size="14" fill="#1a1a1a" '
        f'transform="rotate(-90 16 {TOP + SIZE / 2})">{escape(impact_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _description(heat: HeatMap, digits) -> str:
    counts = heat.by_level()
    return " · ".join(f"{band.label_th} {digits(counts[band.code])}" for band in levels.BANDS)
