"""Plain builders for the documents app: an organisation with a three-step chain, and documents."""

from __future__ import annotations

from prongsai.core.models import Organisation, Person, Position, User
from prongsai.core.tests.factories import PASSWORD, make_org, make_person, make_position
from prongsai.documents import measures, workflow
from prongsai.documents.models import Document, DocumentSettings, DocumentType


def make_login(org: Organisation, username: str, position: Position, first: str, last: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, organisation=org)
    make_person(org, first=first, last=last, user=user, position=position)
    return user


def make_chain_org(slug: str | None = None) -> tuple[Organisation, dict[str, User]]:
    """Sender (analyst) → head → clerk → mayor, each position held by one login."""
    org = make_org(slug)
    mayor = make_position(org, "นายกเทศมนตรี", roles=("executive",))
    clerk = make_position(org, "ปลัดเทศบาล", roles=("clerk",), reports_to=mayor)
    head = make_position(org, "หัวหน้าสำนักปลัด", roles=("unit_head",), reports_to=clerk)
    analyst = make_position(org, "นักวิเคราะห์นโยบายและแผน", roles=("analyst",), reports_to=head)
    n = org.pk
    users = {
        "analyst": make_login(org, f"analyst{n}", analyst, "ณภัทร", "ฤกษ์วิจิตร"),
        "head": make_login(org, f"head{n}", head, "พอลาณ", "คนตรง"),
        "clerk": make_login(org, f"clerk{n}", clerk, "ชุต", "เหมวิเชียร"),
        "mayor": make_login(org, f"mayor{n}", mayor, "ชัยเชษฐ", "พัฒนะพิชัย"),
    }
    set_emblem(org)  # the final approval needs the organisation's emblem (layout.emblem_missing)
    return org, users


def set_emblem(org: Organisation) -> str:
    """Store a Garuda artwork for `org`, as the settings page does after checking it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from prongsai.core.tests import samples

    name = default_storage.save(f"documents/emblems/test-{org.pk}.png", ContentFile(samples.picture("PNG")))
    DocumentSettings.objects.update_or_create(organisation=org, defaults={"emblem": name})
    return name


def make_doc_type(org: Organisation, sender: User) -> DocumentType:
    doc_type = DocumentType.objects.create(organisation=org, code=measures.KIND, name_th="บันทึกเสนอมาตรการ")
    workflow.set_chain(doc_type, workflow.chain_from_command(sender.person.position))
    return doc_type


def make_document(org: Organisation, sender: User, fiscal_year: int = 2565, **text) -> Document:
    doc_type = DocumentType.objects.for_org(org).filter(code=measures.KIND).first() or make_doc_type(
        org, sender
    )
    defaults = measures.default_text(org, fiscal_year, to="นายกเทศมนตรี")
    return workflow.create_document(doc_type, fiscal_year, sender.person, sender, **{**defaults, **text})


def approve_all(document: Document, users: dict[str, User]) -> Document:
    for step in document.steps.order_by("order"):
        person: Person = workflow.approver_of(step)
        workflow.transition(document, "approve", person.user, suggestion="เห็นชอบ")
    document.refresh_from_db()
    return document
