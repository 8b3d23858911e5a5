"""Demo documents: the seed's measures memo of FY 2565, signed by all six approvers."""

from __future__ import annotations

from datetime import date

from prongsai.core.models import Person, Position
from prongsai.documents import measures, workflow
from prongsai.documents.models import Document, DocumentSettings, DocumentType

SEED_DATE = date(2022, 3, 25)  # ๒๕ มีนาคม พ.ศ. ๒๕๖๕
# (suggestion, date signed) of each approver, first to last
SIGNATURES = [
    ("เห็นควรเสนอปลัดเทศบาลพิจารณา", date(2022, 3, 28)),
    ("เห็นควรดำเนินการตามเสนอ", date(2022, 3, 29)),
    ("เห็นควรอนุมัติ", date(2022, 3, 30)),
    ("เห็นชอบ", date(2022, 3, 31)),
    ("อนุมัติ ให้ทุกกองถือปฏิบัติ", date(2022, 4, 1)),
]


def document_type(organisation, analyst_position: Position) -> DocumentType:
    doc_type, created = DocumentType.objects.update_or_create(
        organisation=organisation, code=measures.KIND, defaults={"name_th": "บันทึกเสนอมาตรการส่งเสริมคุณธรรมฯ"}
    )
    if created or not doc_type.chain.exists():
        workflow.set_chain(doc_type, workflow.chain_from_command(analyst_position))
    return doc_type


def load(organisations: dict) -> None:
    org = organisations["bophloi"]
    DocumentSettings.objects.update_or_create(
        organisation=org,
        defaults={"register_prefix": "กจ ๕๓๐๐๑/", "department": "สำนักปลัดเทศบาล (งานวิเคราะห์นโยบายและแผน)"},
    )
    analyst = Person.objects.for_org(org).select_related("position", "user").get(user__username="analyst")
    doc_type = document_type(org, analyst.position)
    if Document.objects.for_org(org).filter(document_type=doc_type, fiscal_year=2565).exists():
        return
    mayor = Person.objects.for_org(org).get(user__username="mayor")
    text = measures.default_text(org, 2565, to=mayor.position.title_th)
    document = workflow.create_document(doc_type, 2565, analyst, analyst.user, **text)
    document.doc_date, document.register_year, document.register_number = SEED_DATE, 2565, 50
    document.reference = "กจ ๕๓๐๐๑/๕๐"
    document.save()
    workflow.transition(document, "submit", analyst.user)
    for n, step in enumerate(document.steps.select_related("position").order_by("order")):
        person = workflow.approver_of(step)
        suggestion, signed_on = SIGNATURES[n] if n < len(SIGNATURES) else ("อนุมัติ", date(2022, 4, 1))
        workflow.transition(
            document, "approve", person.user, suggestion=suggestion, signed_name=person.full_name,
            signed_on=signed_on,
        )  # fmt: skip
    for person in Person.objects.for_org(organisations["example-sao"]).filter(
        user__username="example-analyst"
    ):
        document_type(organisations["example-sao"], person.position)
