"""Publishing to an OIT item from other modules, with one call.

The plans app publishes its 6- and 12-month reports with `publish(...)`; the year's catalogue is
created when it does not exist yet. Files are checked by their content, like uploads.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction

from prongsai.core import audit
from prongsai.core import files as user_files
from prongsai.disclosure.catalogue import ensure_catalogue
from prongsai.disclosure.models import Item, Kind, Publication
from prongsai.disclosure.search import file_text
from prongsai.ita.framework import FrameworkError
from prongsai.ita.results import framework_for

ALLOWED = ("pdf", "docx", "xlsx")
MAX_BYTES = 20 * 1024 * 1024


def checked_file(content: bytes, filename: str) -> user_files.Accepted:
    """The content checked by its bytes (core/files.py); ValueError (Thai + English) otherwise."""
    try:
        return user_files.accept(
            ContentFile(content, name=filename or "document"), allowed=ALLOWED, max_bytes=MAX_BYTES
        )
    except ValidationError as exc:
        raise ValueError(
            f"ไฟล์ต้องเป็น PDF, Word หรือ Excel ({'; '.join(str(m) for m in exc.messages)})"
        ) from None


def item_code_titled(fiscal_year: int, title: str, *other_titles: str) -> str:
    """The code of the year's OIT item whose title holds `title` (else one of `other_titles`, the
    wordings the same item has in other years' frameworks): numbering changes every year, titles
    much less. A year without its own framework uses the one carried forward. ValueError (Thai +
    English) when the year or the item is unknown."""
    try:
        items = framework_for(fiscal_year).oit_items
    except FrameworkError as exc:
        raise ValueError(f"{exc.message_th} ({exc.message_en})") from None
    for wanted in (title, *other_titles):
        for item in items:
            if wanted in item.title_th:
                return item.code
    raise ValueError(
        f"กรอบการประเมินปี {fiscal_year} ไม่มีข้อ “{title}” (the {fiscal_year} framework has no item “{title}”)"
    )


def publish(
    organisation,
    *,
    fiscal_year: int,
    item_code: str,
    title: str,
    content: bytes | None = None,
    filename: str = "",
    url: str = "",
    text: str = "",
    unit=None,
    user=None,
) -> Publication:
    """Publish now under item `item_code` of `fiscal_year`; ValueError for an unknown item or bad input."""
    try:
        ensure_catalogue(organisation, fiscal_year)
    except FrameworkError as exc:
        raise ValueError(f"{exc.message_th} ({exc.message_en})") from None
    code = item_code.strip().lower()
    item = Item.objects.for_org(organisation).filter(year=fiscal_year, code=code).first()
    if item is None:
        raise ValueError(
            f"ไม่มีข้อ {item_code} ในรายการ OIT ปี {fiscal_year} (no OIT item {item_code} in {fiscal_year})"
        )
    if not title.strip():
        raise ValueError("ต้องมีชื่อเรื่อง (a title is required)")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValueError("หน่วยงานนี้ไม่ใช่ของหน่วยงานผู้เผยแพร่ (the unit belongs to another organisation)")
    publication = Publication(
        organisation=organisation, item=item, title=title.strip(), unit=unit, created_by=user
    )
    if content is not None:
        accepted = checked_file(content, filename)
        publication.kind, publication.file_type = Kind.DOCUMENT, accepted.kind.extension
        publication.filename = user_files.display_name(filename, accepted.kind, "document")[:200]
        publication.file_text = file_text(accepted.data, accepted.kind.extension)
    elif url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValueError(f"ลิงก์ไม่ถูกต้อง (not a valid link): {url}") from None
        publication.kind, publication.url = Kind.LINK, url
    elif text.strip():
        publication.kind, publication.text = Kind.TEXT, text.strip()
    else:
        raise ValueError("ต้องมีไฟล์ ลิงก์ หรือข้อความ (give a file, a link or a text)")
    with transaction.atomic(), audit.acting_as(user) if user else contextlib.nullcontext():
        if content is not None:
            stored = accepted.as_file()  # a random name with the detected extension
            publication.file.save(stored.name, stored, save=False)
        publication.save()
    return publication
