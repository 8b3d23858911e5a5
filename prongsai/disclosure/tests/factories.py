"""Plain builders for disclosure test data."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_person, make_position
from prongsai.disclosure.catalogue import ensure_catalogue
from prongsai.disclosure.models import ContactMessage, Executive, Item, Kind, Publication

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = samples.picture("PNG")  # a picture Pillow decodes: uploads are drawn again from their pixels


def make_catalogue(org, year=2565) -> list[Item]:
    ensure_catalogue(org, year)
    return list(Item.objects.for_org(org).filter(year=year))


def item_of(org, code="o1", year=2565) -> Item:
    ensure_catalogue(org, year)
    return Item.objects.for_org(org).get(year=year, code=code)


def make_publication(item, title="เอกสารทดสอบ", *, days_ago=1, **fields) -> Publication:
    defaults = {"kind": Kind.TEXT, "text": "ข้อความ", "publish_at": timezone.now() - timedelta(days=days_ago)}
    return Publication.objects.create(
        organisation=item.organisation, item=item, title=title, **{**defaults, **fields}
    )


def make_document(item, title="รายงาน", content=PDF, name="report.pdf") -> Publication:
    publication = make_publication(item, title, kind=Kind.DOCUMENT, text="", file_type="pdf", filename=name)
    publication.file.save(name, ContentFile(content))
    return publication


def make_executive(org, user=None, first="ชัยเชษฐ", **fields) -> Executive:
    position = make_position(org, title="นายกเทศมนตรี", roles=("executive",), is_executive=True)
    person = make_person(org, first=first, position=position, user=user)
    return Executive.objects.create(organisation=org, person=person, **fields)


def make_message(executive, subject="ขอสอบถามเรื่องถนน", **fields) -> ContactMessage:
    defaults = {"sender_name": "นายประชา ชาวบ้าน", "sender_contact": "prach@example.com", "body": "ถนนชำรุด"}
    return ContactMessage.objects.create(
        organisation=executive.organisation, executive=executive, subject=subject, **{**defaults, **fields}
    )


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
