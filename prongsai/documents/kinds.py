"""The documents an office issues besides the measures memo: their kinds as data, and their content.

Four kinds, after the correspondence rules' forms (ระเบียบงานสารบรรณ):
- a free memo (บันทึกข้อความ), printed by the memo layout like the measures memo;
- an order (คำสั่ง), e.g. appointing the complaint centre's officers, numbered "๑/๒๕๖๙" in the
  orders' own series and signed by the last approver of its chain ("สั่ง ณ วันที่");
- an announcement (ประกาศ), numbered in its own series, "ประกาศ ณ วันที่";
- an external letter (หนังสือภายนอก): Garuda 3 cm high, centred, ที่ and the office's address on
  one line, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย, "ขอแสดงความนับถือ" and the unit to contact.

Each kind is a `DocumentType` of the organisation (created on first use), so each has its own
approval chain, set on the settings page; until it is set, a new type takes the sender's chain of
command. An order, announcement or letter is printed from `Issued` content with its own template
(`documents/print/<kind>.html`) and DOCX layout (`kind_docx.py`), through the same renderers and
the same snapshot and seal as every other document.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from prongsai.core.models import Organisation, Person
from prongsai.documents import measures, workflow
from prongsai.documents import text as t
from prongsai.documents.content import ApprovalBlock, DocumentContent
from prongsai.documents.models import Book, Document, DocumentSettings, DocumentType
from prongsai.thai.dates import format_long

MEMO, ORDER, ANNOUNCEMENT, LETTER = "memo", "order", "announcement", "letter"


@dataclass(frozen=True)
class Kind:
    code: str  # the DocumentType's code
    name_th: str
    label: str  # shown in the staff pages (English msgid, Thai in django.po)
    book: str  # the register series its numbers come from
    fields: tuple[str, ...]  # the Document fields its form edits
    closing: str  # the closing line a new one starts with


KINDS = {
    MEMO: Kind(MEMO, "บันทึกข้อความ", _("Memo (บันทึกข้อความ)"), Book.SENT,
               ("subject", "to", "background", "facts", "proposal", "closing"), "จึงเรียนมาเพื่อโปรดพิจารณา"),
    ORDER: Kind(ORDER, "คำสั่ง", _("Order (คำสั่ง)"), Book.ORDERS,
                ("subject", "facts", "closing"), "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
    ANNOUNCEMENT: Kind(ANNOUNCEMENT, "ประกาศ", _("Announcement (ประกาศ)"), Book.ANNOUNCEMENTS,
                       ("subject", "facts", "closing"), "จึงประกาศมาเพื่อทราบโดยทั่วกัน"),
    LETTER: Kind(LETTER, "หนังสือภายนอก", _("External letter (หนังสือภายนอก)"), Book.SENT,
                 ("subject", "to", "refers_to", "enclosures", "facts", "closing"), "จึงเรียนมาเพื่อโปรดทราบ"),
}  # fmt: skip
ISSUED = (ORDER, ANNOUNCEMENT, LETTER)  # printed from `Issued`, not as a memo


def kind_of(document: Document) -> Kind | None:
    return KINDS.get(document.document_type.code)


def book_of(document: Document) -> str:
    kind = kind_of(document)
    return kind.book if kind else Book.SENT


def document_type(organisation: Organisation, code: str, sender: Person | None = None) -> DocumentType:
    """The organisation's type for the kind, made on first use with the sender's chain of command."""
    kind = KINDS[code]
    doc_type, _created = DocumentType.objects.get_or_create(
        organisation=organisation, code=code, defaults={"name_th": kind.name_th}
    )
    if not doc_type.chain.exists() and sender is not None and sender.position_id:
        workflow.set_chain(doc_type, workflow.chain_from_command(sender.position))
    return doc_type


def default_text(organisation: Organisation, code: str, doc_type: DocumentType) -> dict:
    kind = KINDS[code]
    last = doc_type.chain.select_related("position").order_by("-order").first()
    to = last.position.title_th if last and code == MEMO else ""
    return {"subject": "", "to": to, "closing": kind.closing}


def create(organisation: Organisation, code: str, sender: Person, by, fiscal_year: int, **text) -> Document:
    """A new draft of the kind; WorkflowError (shown to the user) when its chain cannot be used."""
    doc_type = document_type(organisation, code, sender)
    given = {k: v for k, v in text.items() if v is not None}
    values = {**default_text(organisation, code, doc_type), **given}
    return workflow.create_document(doc_type, fiscal_year, sender, by, **values)


# --- what is printed -----------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    """An order, announcement or external letter in official form (see `content.Memo`).

    The fields `reference`, `date`, `approvals`, `emblem_path` and `seal_note` are the ones the
    system fills in at render time (output.content_for); the signer is the last approval block.
    """

    kind: str
    title: str  # "คำสั่งเทศบาลตำบลบ่อพลอย"; empty for a letter
    reference: str
    date: str
    subject: str
    to: str
    refers_to: str
    enclosures: tuple[str, ...]
    paragraphs: tuple[str, ...]
    closing: str
    address: tuple[str, ...]  # a letter's sender: the office and its address, top right
    contact: tuple[str, ...]  # a letter's foot: the unit, its telephone
    approvals: tuple[ApprovalBlock, ...] = ()
    emblem_path: str = ""
    seal_note: str = ""

    @property
    def template(self) -> str:
        return f"documents/print/{self.kind}.html"

    @property
    def signer(self) -> ApprovalBlock | None:
        return self.approvals[-1] if self.approvals else None

    @property
    def signed_line(self) -> str:
        """สั่ง ณ วันที่ … / ประกาศ ณ วันที่ …"""
        verb = {ORDER: "สั่ง", ANNOUNCEMENT: "ประกาศ"}.get(self.kind, "")
        return f"{verb} ณ วันที่ {self.date}" if verb else self.date

    def write_docx(self, doc) -> None:
        """Called by `render/docx.py` for content that is not a memo."""
        from prongsai.documents.kind_docx import write

        write(doc, self)


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(t.official(p.strip()) for p in (body or "").split("\n\n") if p.strip())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(t.official(line.strip()) for line in (text or "").splitlines() if line.strip())


def _emblem(organisation: Organisation) -> str:
    from prongsai.core.storage import local_path

    row = DocumentSettings.objects.for_org(organisation).first()
    return str(local_path(row.emblem)) if row and row.emblem else ""


def _approvals(document: Document) -> tuple[ApprovalBlock, ...]:
    from prongsai.documents.output import approval_blocks

    return approval_blocks(document)


def issued(document: Document) -> Issued:
    org = document.organisation
    author = document.author
    unit = author.position.unit.name_th if author.position_id and author.position.unit_id else ""
    contact = tuple(t.official(x) for x in (unit, f"โทร. {org.phone}" if org.phone else "") if x)
    return Issued(
        kind=document.document_type.code,
        title=t.official(f"{KINDS[document.document_type.code].name_th}{org.name_th}")
        if document.document_type.code != LETTER else "",
        reference=t.official(document.reference) or "........",
        date=t.official(format_long(document.doc_date)) if document.doc_date else "........",
        subject=t.official(document.subject), to=t.official(document.to),
        refers_to=t.official(document.refers_to), enclosures=_lines(document.enclosures),
        paragraphs=_paragraphs(document.facts), closing=t.official(document.closing),
        address=(t.official(org.name_th), *_lines(org.address)), contact=contact,
        approvals=_approvals(document), emblem_path=_emblem(org),
    )  # fmt: skip


def content_of(document: Document) -> DocumentContent:
    """The live content of any document: an `Issued` for the kinds that have one, else the memo."""
    if document.document_type.code in ISSUED:
        return DocumentContent(issued(document))
    return measures.content_of(document)
