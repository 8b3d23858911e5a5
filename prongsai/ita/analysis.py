"""What to fix next year: weak indicators, change from last year, and rank among peers.

This feeds OIT item o42 (analysis of last year's ITA result and this year's measures).

Assumptions:
- An indicator needs work when it scores below the pass mark, 85 (REPORT §4: the national target
  and NACC's threshold for "ผ่านดี"). The lowest indicator of each tool is always listed too, so an
  organisation that passes everything still gets a focus.
- The issues come from the year's framework file: IIT/EIT questions for indicators 1–8, and OIT
  sub-indicators and items for 9–10. Where the file has none (IIT/EIT questions from 2566 on, OIT
  items in 2567), `FALLBACK_TOPICS` below is used: short sub-topics summarised from the 2564
  questionnaires and OIT structure, marked unverified.
- OIT items with no indicator in the file (the partial 2568 list) cannot be placed and are left out.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .framework import Framework, Question
from .scoring import oit_from_items, round2

PASS_MARK = Decimal(85)

# Sub-topics per indicator (Thai, English), summarised from the 2564 IIT form (SDU_IIT_FORM), the
# EIT topics in ita-2564.yaml and the OIT sub-indicators; used only where a year's file lacks them.
FALLBACK_TOPICS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("การปฏิบัติงานตามขั้นตอนและระยะเวลาที่กำหนด", "following procedures and time limits"),
        ("การให้บริการอย่างเท่าเทียม", "equal treatment of all who come for service"),
        ("การไม่เรียกรับหรือรับเงิน ทรัพย์สิน หรือประโยชน์อื่น", "no soliciting or accepting money, gifts or benefits"),
    ),
    2: (
        ("การเผยแพร่แผนการใช้จ่ายงบประมาณประจำปี", "publishing the annual budget spending plan"),
        ("การใช้จ่ายงบประมาณอย่างคุ้มค่า ไม่เอื้อประโยชน์ส่วนตัวหรือพวกพ้อง", "value for money, no favouritism"),
        ("การจัดซื้อจัดจ้างที่โปร่งใส ตรวจสอบได้", "transparent, auditable procurement"),
        ("การเปิดให้บุคลากรมีส่วนร่วมตรวจสอบการใช้จ่ายงบประมาณ", "letting staff question and check spending"),
    ),
    3: (
        ("การมอบหมายงานและประเมินผลอย่างเป็นธรรม", "fair assignment of work and appraisal"),
        ("การคัดเลือกผู้เข้ารับการอบรม ดูงาน หรือทุนอย่างเป็นธรรม", "fair selection for training and grants"),
        ("การไม่สั่งการให้ทำธุระส่วนตัวหรือสิ่งที่ไม่ถูกต้อง", "no orders for private errands or improper acts"),
        ("การบริหารงานบุคคลที่ไม่ถูกแทรกแซง", "personnel management free from interference"),
    ),
    4: (
        ("ขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการ", "the borrowing process for government property"),
        ("แนวปฏิบัติการใช้ทรัพย์สินของราชการที่ถูกต้อง", "guidelines on the proper use of government property"),
        ("การกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ", "supervision and checking of its use"),
    ),
    5: (
        ("การให้ความสำคัญของผู้บริหารกับการต่อต้านการทุจริต", "the head's commitment against corruption"),
        ("การทบทวนมาตรการและจัดทำแผนป้องกันการทุจริต", "reviewing measures and planning prevention"),
        ("การเฝ้าระวัง ตรวจสอบ และลงโทษเมื่อมีการทุจริต", "monitoring, investigating and disciplining"),
        ("ช่องทางร้องเรียนที่สะดวก ติดตามได้ และปลอดภัย", "easy, traceable and safe complaint channels"),
    ),
    6: (
        ("การปฏิบัติงานตามขั้นตอนและระยะเวลา", "following procedures and time limits"),
        ("การให้บริการอย่างเท่าเทียมและให้ข้อมูลตรงไปตรงมา", "equal treatment and straightforward information"),
        ("การไม่เรียกรับสินบน", "no soliciting of bribes"),
        ("การคำนึงถึงประโยชน์ของประชาชนและส่วนรวม", "putting the public interest first"),
    ),
    7: (
        ("การเผยแพร่ข้อมูลที่เข้าถึงง่ายและชัดเจน", "accessible, clear published information"),
        ("ช่องทางรับฟังคำติชมและการชี้แจงข้อสงสัย", "channels for feedback and answering concerns"),
        ("ช่องทางร้องเรียนการทุจริตของเจ้าหน้าที่", "a channel to report corruption by officials"),
    ),
    8: (
        ("การปรับปรุงคุณภาพและวิธีการทำงานหรือการให้บริการ", "improving work and service procedures"),
        ("การนำเทคโนโลยีมาใช้ให้สะดวกรวดเร็วขึ้น", "using technology to make services faster"),
        ("การเปิดโอกาสให้ผู้รับบริการมีส่วนร่วมในการปรับปรุงงาน", "opening improvement to public participation"),
        ("การปรับปรุงการดำเนินงานให้โปร่งใสมากขึ้น", "making operations more transparent"),
    ),
    9: (
        (
            "การเปิดเผยข้อมูลพื้นฐาน การบริหารงาน งบประมาณ บุคลากร และการส่งเสริมความโปร่งใส",
            "publishing basic, management, budget, personnel and transparency information",
        ),
    ),
    10: (("การดำเนินการและมาตรการภายในเพื่อป้องกันการทุจริต", "anti-corruption actions and internal measures"),),
}


@dataclass(frozen=True)
class Issue:
    code: str  # question (i20), OIT item (o12), sub-indicator (9.3) or topic (4.t1)
    text_th: str
    text_en: str = ""
    score: Decimal | None = None  # a sub-indicator's score, when items were given
    unverified: bool = False
    source: str = ""  # "questions", "sub_indicators", "oit_items" or "topics"


@dataclass(frozen=True)
class WeakPoint:
    indicator: int
    name_th: str
    name_en: str
    group: str
    score: Decimal
    below_pass_mark: bool
    lowest_in_group: bool
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Change:
    indicator: int
    previous: Decimal | None
    current: Decimal | None
    delta: Decimal | None


def weak_points(
    framework: Framework,
    scores: Mapping[int, Decimal],
    item_results: Mapping[str, bool] | None = None,
    pass_mark: Decimal | int = PASS_MARK,
) -> list[WeakPoint]:
    """Indicators below the pass mark plus the lowest of each tool, each with the issues to fix."""
    clean = {int(k): Decimal(str(v)) for k, v in scores.items() if v is not None}
    lowest = _lowest_per_group(framework, clean)
    result = []
    for indicator in framework.indicators:
        score = clean.get(indicator.code)
        if score is None or not (score < pass_mark or indicator.code in lowest):
            continue
        result.append(
            WeakPoint(
                indicator=indicator.code,
                name_th=indicator.name_th,
                name_en=indicator.name_en,
                group=indicator.group,
                score=score,
                below_pass_mark=score < pass_mark,
                lowest_in_group=indicator.code in lowest,
                issues=issues_for(framework, indicator.code, item_results),
            )
        )
    return result


def _lowest_per_group(framework: Framework, scores: Mapping[int, Decimal]) -> set[int]:
    lowest = set()
    for group in framework.groups:
        present = [c for c in group.indicators if c in scores]
        if present:
            lowest.add(min(present, key=lambda c: (scores[c], c)))
    return lowest


def issues_for(
    framework: Framework, indicator: int, item_results: Mapping[str, bool] | None = None
) -> tuple[Issue, ...]:
    """The official sub-topics of one indicator, narrowed to what failed when OIT items are given."""
    subs = [s for s in framework.oit_subindicators if s.indicator == indicator]
    if subs and item_results is not None:
        return _failed_oit(framework, indicator, item_results)
    if subs:
        return tuple(Issue(s.code, s.name_th, unverified=s.unverified, source="sub_indicators") for s in subs)
    questions = [q for q in framework.questions if q.indicator == indicator]
    if questions:
        return tuple(_question_issue(q) for q in questions)
    return _topics(indicator)


@functools.cache
def _topics(indicator: int) -> tuple[Issue, ...]:
    # Constant per indicator; made once, not for each weak point of each page.
    return tuple(
        Issue(f"{indicator}.t{n}", th, en, unverified=True, source="topics")
        for n, (th, en) in enumerate(FALLBACK_TOPICS.get(indicator, ()), start=1)
    )


def _question_issue(q: Question) -> Issue:
    text = q.text_th
    if q.sub_items:
        text += ": " + "; ".join(s.text_th for s in q.sub_items)
    return Issue(q.code, text, unverified=q.unverified, source="questions")


def _failed_oit(framework: Framework, indicator: int, item_results: Mapping[str, bool]) -> tuple[Issue, ...]:
    answers = {k.strip().lower(): bool(v) for k, v in item_results.items()}
    sub_scores = oit_from_items(framework, answers) if framework.oit_item_rule else {}
    issues: list[Issue] = []
    for sub in (s for s in framework.oit_subindicators if s.indicator == indicator):
        failed = [i for i in framework.oit_items if i.sub_indicator == sub.code and not answers.get(i.code)]
        if not failed:
            continue
        issues.append(
            Issue(
                sub.code,
                sub.name_th,
                score=sub_scores.get(sub.code),
                unverified=sub.unverified,
                source="sub_indicators",
            )
        )
        issues += [Issue(i.code, i.title_th, unverified=i.unverified, source="oit_items") for i in failed]
    return tuple(issues)


def year_over_year(prev_scores: Mapping[int, Decimal], scores: Mapping[int, Decimal]) -> list[Change]:
    """Per-indicator change; an indicator missing from one year has no delta."""
    prev = {int(k): Decimal(str(v)) for k, v in prev_scores.items() if v is not None}
    now = {int(k): Decimal(str(v)) for k, v in scores.items() if v is not None}
    changes = []
    for code in sorted(prev.keys() | now.keys()):
        before, after = prev.get(code), now.get(code)
        delta = after - before if before is not None and after is not None else None
        changes.append(Change(code, before, after, delta))
    return changes


def peer_rank(value: Decimal, peer_values: Sequence[Decimal]) -> tuple[int, Decimal]:
    """(rank, percentile) among peers: rank 1 is best, ties share a rank; the percentile is the share
    of peers scoring at or below `value`. `peer_values` may include the organisation itself."""
    value = Decimal(str(value))
    peers = [Decimal(str(p)) for p in peer_values]
    if not peers:
        return 1, Decimal("100.00")
    rank = 1 + sum(p > value for p in peers)
    return rank, round2(Decimal(sum(p <= value for p in peers)) * 100 / len(peers))
