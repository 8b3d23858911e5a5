"""What a document says, as plain data; renderers (`render/html.py`, `render/docx.py`) draw it.

A memo (บันทึกข้อความ) follows the layout of the government's correspondence rules: emblem,
ส่วนราชการ, ที่ and วันที่ on one line, เรื่อง, เรียน, สิ่งที่แนบมาด้วย, the body sections, the
sender's signature block and one block per approver (ข้อเสนอแนะ, name, position, date).
Attachments are flows of headings, paragraphs and tables; `layout.paginate` splits them into pages.
Every string here is already in official form (`text.official`): Thai digits, no-break spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ApprovalBlock:
    suggestion: str  # ข้อเสนอแนะ; blank lines are printed for a block not yet signed
    name: str  # "(นายชุต เหมวิเชียร)" without the parentheses
    position: str
    date: str = ""


@dataclass(frozen=True)
class Section:
    heading: str  # เรื่องเดิม, ข้อเท็จจริง, ข้อพิจารณา / ข้อเสนอ
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Memo:
    department: str  # ส่วนราชการ
    reference: str  # ที่
    date: str  # วันที่
    subject: str  # เรื่อง
    to: str  # เรียน
    attachments: tuple[str, ...]  # สิ่งที่แนบมาด้วย
    sections: tuple[Section, ...]
    closing: str  # จึงเรียนมาเพื่อโปรดทราบและพิจารณา
    signer_name: str
    signer_position: str
    approvals: tuple[ApprovalBlock, ...]
    emblem_path: str = ""  # the organisation's Garuda artwork; empty prints the placeholder box
    seal_note: str = ""  # "approved electronically, verify at …": final files only (output.seal_note)


@dataclass(frozen=True)
class Heading:
    text: str
    center: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Column:
    title: str
    width_cm: float = 0.0  # 0: fitted to the content (`layout.fit_columns`)
    center: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[str, ...], ...]  # one tuple of lines per column
    group: bool = False  # a heading row spanning the table (IIT / EIT / OIT)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    continued: bool = False  # a continuation part: printed after "(ต่อ)"
    landscape: bool = False  # printed on landscape pages (`layout.prepare` decides when it must)
    header: bool = True  # False: no header row (a box of figures, like the seed's score)


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Attachment:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DocumentContent:
    memo: Memo
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
