"""Demo documents: the seed's measures memo of FY 2565 as it was signed, and what Prongsai adds.

Version 1 is the seed word for word (`data/seed-2565.yaml`: its analysis, its six measures
numbered 1–4, 6 and 7, their steps, periods, units and follow-up), submitted and approved by the
seed's chain of five. Its frozen content is the seed's, not a rewrite from templates. The plan of
2565 holds the seed's measures in the seed's words too, so the plan's coverage check flags what
the seed missed: no measure 5 and no procurement measure. Version 2 is a draft that adds the
procurement measure from the recommendations library as measure 5, as a clerk would with
Prongsai: the seed as signed, and what Prongsai catches.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from prongsai.core import audit
from prongsai.core.models import Person, Position
from prongsai.documents import measures, workflow
from prongsai.documents import text as t
from prongsai.documents.content import Attachment, Column, DocumentContent, Heading, Paragraph, Row, Table
from prongsai.documents.models import Document, DocumentSettings, DocumentType, Status

SEED = Path(__file__).resolve().parent / "data" / "seed-2565.yaml"
SEED_DATE = date(2022, 3, 25)  # ๒๕ มีนาคม พ.ศ. ๒๕๖๕
SEED_REFERENCE = "กจ ๕๓๐๐๑/๕๐"
# (suggestion, date signed) of each approver, first to last
SIGNATURES = [
    ("เห็นควรเสนอปลัดเทศบาลพิจารณา", date(2022, 3, 28)),
    ("เห็นควรดำเนินการตามเสนอ", date(2022, 3, 29)),
    ("เห็นควรอนุมัติ", date(2022, 3, 30)),
    ("เห็นชอบ", date(2022, 3, 31)),
    ("อนุมัติ ให้ทุกกองถือปฏิบัติ", date(2022, 4, 1)),
]


@lru_cache(maxsize=1)
def seed() -> dict:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def seed_measure_lines() -> list[measures.MeasureLine]:
    data = seed()
    return [
        measures.MeasureLine(
            m["number"], m["title"], tuple(m["steps"]), (m["unit"],), data["period"], data["follow_up"]
        )
        for m in data["measures"]
    ]


def seed_attachment() -> Attachment:
    """The seed's attachment as it was printed: its analysis in its words, its six measures."""
    data = seed()
    analysis_rows = tuple(
        Row(((t.official(r["group"]),),), group=True)
        if isinstance(r, dict)
        else Row(((t.official(r[0]),), (t.official(r[1]),) if r[1] else ()))
        for r in data["analysis"]
    )
    score = data["score"]
    measure_rows = tuple(
        Row((
            (t.official(f"{m['number']}. {m['title']}"),),
            tuple(
                t.official(f"{n}.{step}" if m.get("numbered", True) else step)
                for n, step in enumerate(m["steps"], start=1)
            ),
            (t.official(m["unit"]),),
            (t.official(data["period"]),),
            (t.official(data["follow_up"]),),
        ))
        for m in data["measures"]
    )  # fmt: skip
    blocks = (
        Heading(t.official(data["title"]), center=True),
        Paragraph(t.official(data["intro"])),
        Table(  # the seed's score box, as printed: its figure keeps its Arabic digits
            (Column(score[0], center=True), Column(score[2], center=True)),
            (Row(((score[0], score[1]), (score[2], score[3]))),), header=False,
        ),
        Paragraph(t.official(data["analysis_intro"])),
        Table(tuple(Column(c) for c in data["analysis_columns"]), analysis_rows),
        Heading(t.official(data["proposals"])),
        Table(measures.MEASURE_COLUMNS, measure_rows),
    )
    return Attachment(blocks)


def emblem_artwork() -> bytes:
    """A stand-in emblem for the demo (a drawn figure, not the official artwork): an organisation
    uploads its real Garuda in the document settings."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 330), "white")
    draw = ImageDraw.Draw(image)
    red = (160, 20, 20)
    draw.ellipse((120, 20, 180, 80), fill=red)  # head
    draw.polygon([(150, 70), (90, 250), (150, 310), (210, 250)], fill=red)  # body
    draw.polygon([(140, 120), (10, 40), (30, 150), (110, 200)], fill=red)  # wings
    draw.polygon([(160, 120), (290, 40), (270, 150), (190, 200)], fill=red)
    draw.polygon([(100, 300), (150, 260), (200, 300), (150, 325)], fill=red)  # feet
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def document_type(organisation, analyst_position: Position) -> DocumentType:
    doc_type, created = DocumentType.objects.update_or_create(
        organisation=organisation, code=measures.KIND, defaults={"name_th": "บันทึกเสนอมาตรการส่งเสริมคุณธรรมฯ"}
    )
    if created or not doc_type.chain.exists():
        workflow.set_chain(doc_type, workflow.chain_from_command(analyst_position))
    return doc_type


def _settings(org) -> None:
    row, _created = DocumentSettings.objects.get_or_create(organisation=org)
    row.register_prefix = row.register_prefix or "กจ ๕๓๐๐๑/"
    row.department = row.department or "สำนักปลัดเทศบาล (งานวิเคราะห์นโยบายและแผน)"
    if not row.emblem or not default_storage.exists(row.emblem):
        row.emblem = default_storage.save("documents/emblems/demo-emblem.png", ContentFile(emblem_artwork()))
    row.save()


def _seed_plan(org) -> None:
    """The 2565 plan in the seed's words: measures 1–4, 6 and 7, no procurement measure."""
    from prongsai.plans.models import Measure, Plan, Step

    plan = Plan.objects.for_org(org).filter(fiscal_year=2565).first()
    if plan is None:
        return
    lines = {m.number: m for m in seed_measure_lines()}
    with audit.acting_as("demo"):
        for measure in Measure.objects.for_org(org).filter(plan=plan):
            line = lines.get(measure.number)
            if line is None:
                measure.delete()  # the seed had no measure 5 (procurement)
                continue
            measure.title, measure.follow_up = line.title, line.follow_up
            measure.save()
            steps = list(Step.objects.for_org(org).filter(measure=measure).order_by("order"))
            for n, text in enumerate(line.steps, start=1):
                if n <= len(steps):
                    steps[n - 1].text = text
                    steps[n - 1].save()
                else:
                    Step.objects.create(organisation=org, measure=measure, order=n, text=text,
                                        unit=steps[0].unit if steps else None)  # fmt: skip
            for extra in steps[len(line.steps):]:
                if not extra.updates.exists():
                    extra.delete()


def _version_two(org, approved: Document, analyst) -> None:
    """A draft that adds the library's procurement measure as number 5 (the seed's gap)."""
    from prongsai.plans.drafting import propose

    if Document.objects.filter(supersedes=approved).exists():
        return
    draft = workflow.new_version(approved, analyst.user)
    procurement = [m for m in propose(org, 2565).measures if "จัดซื้อจัดจ้าง" in m.title]
    if not procurement:
        return
    m = procurement[0]
    line = measures.MeasureLine(5, m.title, m.steps, (m.unit_th,), m.period_th, m.follow_up)
    content = seed_content(draft)
    rows = list(content.attachments[0].blocks[-1].rows)
    rows.insert(4, measures.measure_table([line]).rows[0])
    blocks = list(content.attachments[0].blocks)
    blocks[-1] = dataclasses.replace(blocks[-1], rows=tuple(rows))
    draft.snapshot = _frozen(dataclasses.replace(content, attachments=(Attachment(tuple(blocks)),)))
    draft.save()


def seed_content(document: Document) -> DocumentContent:
    """The memo from the document's own fields and the seed's attachment."""
    content = measures.content_of(document)
    memo = dataclasses.replace(content.memo, attachments=(t.official(seed()["attachment"]),))
    return DocumentContent(memo, (seed_attachment(),))


def _frozen(content: DocumentContent) -> dict:
    from prongsai.documents import snapshot

    return snapshot.frozen(content)


def load(organisations: dict) -> None:
    org = organisations["bophloi"]
    _settings(org)
    analyst = Person.objects.for_org(org).select_related("position", "user").get(user__username="analyst")
    doc_type = document_type(org, analyst.position)
    _seed_plan(org)
    if not Document.objects.for_org(org).filter(document_type=doc_type, fiscal_year=2565).exists():
        _seed_memo(org, doc_type, analyst)
    approved = Document.objects.for_org(org).filter(
        document_type=doc_type, fiscal_year=2565, status=Status.APPROVED
    ).first()
    if approved is not None:
        _version_two(org, approved, analyst)
    for person in Person.objects.for_org(organisations["example-sao"]).filter(
        user__username="example-analyst"
    ):
        document_type(organisations["example-sao"], person.position)


def _seed_memo(org, doc_type, analyst) -> None:
    from prongsai.documents import snapshot

    mayor = Person.objects.for_org(org).get(user__username="mayor")
    text = measures.default_text(org, 2565, to=mayor.position.title_th)
    text["subject"] = seed()["subject"]
    document = workflow.create_document(doc_type, 2565, analyst, analyst.user, **text)
    document.doc_date = SEED_DATE
    document.register_year, document.register_number, document.reference = 2565, 50, SEED_REFERENCE
    document.save()  # the seed's own number, recorded in the send register as it is (registers.py)
    workflow.transition(document, "submit", analyst.user)
    document.refresh_from_db()
    # What the chain signed in 2565 is the seed's own attachment, not today's template.
    document.doc_date, document.reference = SEED_DATE, SEED_REFERENCE
    document.snapshot = snapshot.frozen(seed_content(document))
    document.snapshot_sha256 = snapshot.digest(document.snapshot)
    document.save()
    for n, step in enumerate(document.steps.select_related("position").order_by("order")):
        person = workflow.approver_of(step)
        suggestion, signed_on = SIGNATURES[n] if n < len(SIGNATURES) else ("อนุมัติ", date(2022, 4, 1))
        workflow.transition(
            document, "approve", person.user, suggestion=suggestion, signed_on=signed_on,
        )  # fmt: skip  # names and positions come from the chain (workflow._approve)
