"""The 5 × 5 risk matrix: likelihood × impact gives a score, the score gives a level.

Source: the matrix Thai local governments use in their corruption risk assessments
(การประเมินความเสี่ยงการทุจริต), after the Comptroller General's Department's guidance on risk
management in public agencies (หลักเกณฑ์กระทรวงการคลังว่าด้วยมาตรฐานและหลักเกณฑ์ปฏิบัติการบริหาร
จัดการความเสี่ยงสำหรับหน่วยงานของรัฐ พ.ศ. ๒๕๖๒) and the NACC's handbook on assessing corruption
risks: score = likelihood × impact, 1–3 ต่ำ, 4–8 ปานกลาง, 9–14 สูง, 15–25 สูงมาก. Agencies that
use other cut-offs change `BANDS` here, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SCALE = range(1, 6)


@dataclass(frozen=True)
class Level:
    code: str
    label_th: str
    label: str  # English msgid, translated on pages
    low: int  # lowest score of the band (inclusive)
    high: int  # highest score of the band (inclusive)
    colour: str  # heat map fill, legible with black text


BANDS: tuple[Level, ...] = (
    Level("low", "ต่ำ", _("low"), 1, 3, "#a5d6a7"),
    Level("medium", "ปานกลาง", _("medium"), 4, 8, "#fff59d"),
    Level("high", "สูง", _("high"), 9, 14, "#ffb74d"),
    Level("very_high", "สูงมาก", _("very high"), 15, 25, "#ef9a9a"),
)
BY_CODE = {band.code: band for band in BANDS}


def score(likelihood: int, impact: int) -> int:
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError(
            f"โอกาสและผลกระทบต้องอยู่ระหว่าง ๑ ถึง ๕ (likelihood and impact must be 1 to 5): "
            f"{likelihood!r} × {impact!r}"
        )
    return likelihood * impact


def level(likelihood: int, impact: int) -> Level:
    value = score(likelihood, impact)
    return next(band for band in BANDS if band.low <= value <= band.high)


LIKELIHOOD_CHOICES = [
    (1, _("1 – rare")),
    (2, _("2 – unlikely")),
    (3, _("3 – possible")),
    (4, _("4 – likely")),
    (5, _("5 – almost certain")),
]
IMPACT_CHOICES = [
    (1, _("1 – minimal")),
    (2, _("2 – minor")),
    (3, _("3 – moderate")),
    (4, _("4 – major")),
    (5, _("5 – severe")),
]
