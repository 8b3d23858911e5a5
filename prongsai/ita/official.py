"""The figures a public page headlines: the score and grade or level as the NACC published them.

Citizens compare the municipality's page with the NACC's announcement, so the published figures
lead. What Prongsai computes from the ten indicator scores is shown beside them only when it
differs, as one short Thai note with the likely reason. The staff analysis keeps the full check
(`scoring.check`'s explanations, unverified parts, English notes); none of that reaches a citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prongsai.ita import scoring
from prongsai.ita.framework import Framework
from prongsai.ita.models import Result
from prongsai.thai.digits import to_thai_digits

ROUNDING_GAP = Decimal("0.05")  # ten scores each rounded to 2 places cannot move the total further


@dataclass(frozen=True)
class Headline:
    total: Decimal
    rating: str
    official: bool  # the NACC's published total is the one shown
    notes_th: tuple[str, ...] = ()  # computed figures that differ, each with its likely reason


def headline(result: Result, checked: scoring.ScoreResult, framework: Framework) -> Headline:
    """The published total and rating when recorded, else the computed ones; differences as Thai notes."""
    total = result.reported_total if result.reported_total is not None else checked.total
    rating = result.reported_rating.strip() or checked.rating
    notes = []
    if result.reported_total is not None:
        gap = abs(scoring.round2(result.reported_total) - checked.total)
        if gap > scoring.TOLERANCE:
            notes.append(
                f"คะแนนรวมที่คำนวณจากตัวชี้วัดคือ {_th(checked.total)} ต่างจากที่ประกาศ {_th(gap)} "
                f"{_likely_reason(checked, framework, gap)}"
            )
    if result.reported_rating.strip() and checked.reported_grade not in (None, checked.rating):
        notes.append(
            f"ผลที่คำนวณจากคะแนนรวมคือ {checked.rating} ต่างจากที่ประกาศ ({rating}) "
            f"{_likely_reason(checked, framework, None)}"
        )
    return Headline(total, rating, result.reported_total is not None, tuple(notes))


def _likely_reason(checked: scoring.ScoreResult, framework: Framework, gap: Decimal | None) -> str:
    unconfirmed = {"weights", "grading", "scoring"} & set(framework.unverified_parts)
    if framework.carried_forward_from or unconfirmed:
        return (
            f"อาจเป็นเพราะน้ำหนักหรือเกณฑ์ของปี {_th(framework.year)} ที่ใช้คำนวณยังไม่ได้ยืนยันจากเอกสารของ ป.ป.ช. "
            "ให้ถือตามที่ประกาศ"
        )
    if gap is not None and gap <= ROUNDING_GAP:
        return "อาจเกิดจากการปัดเศษคะแนนรายตัวชี้วัด ให้ถือตามที่ประกาศ"
    if checked.slips:
        return "อาจมีการพิมพ์ตัวเลขผิดหนึ่งหลักในคะแนนที่ประกาศหรือที่บันทึกไว้ ให้ถือตามที่ประกาศ"
    return "ให้ถือตามที่ประกาศ"


def _th(value) -> str:
    return to_thai_digits(str(value))
