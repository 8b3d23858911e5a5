"""Check uploaded files by their content, not by their name.

Each kind lists the leading bytes its files start with; an upload whose bytes match none of
the allowed kinds, or that is too large, is refused with a message in Thai and English. A file
whose first kilobyte holds web-page or script markup (a "PDF" that is also an HTML page) is
refused whatever its signature: browsers sniff that much, so such polyglots have no business here.
Storing and serving go through `core/files.py`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core import sheets


@dataclass(frozen=True)
class Kind:
    name: str
    extension: str
    content_type: str
    signatures: tuple[bytes, ...]
    zip_member: str = ""  # office files are zips; this member tells them apart from any zip


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS = {
    "pdf": Kind("PDF", "pdf", "application/pdf", (b"%PDF-",)),
    "png": Kind("PNG", "png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpeg": Kind("JPEG", "jpg", "image/jpeg", (b"\xff\xd8\xff",)),
    "gif": Kind("GIF", "gif", "image/gif", (b"GIF87a", b"GIF89a")),
    "webp": Kind("WebP", "webp", "image/webp", (b"RIFF",)),
    "docx": Kind("Word", "docx", f"{_OOXML}.wordprocessingml.document",
                 (b"PK\x03\x04",), "word/document.xml"),
    "xlsx": Kind("Excel", "xlsx", f"{_OOXML}.spreadsheetml.sheet",
                 (b"PK\x03\x04",), "xl/workbook.xml"),
    "pptx": Kind("PowerPoint", "pptx", f"{_OOXML}.presentationml.presentation",
                 (b"PK\x03\x04",), "ppt/presentation.xml"),
    "odt": Kind("OpenDocument", "odt", "application/vnd.oasis.opendocument.text",
                (b"PK\x03\x04",), "content.xml"),
}  # fmt: skip
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt")
IMAGES = ("png", "jpeg", "gif", "webp")
EVIDENCE = DOCUMENTS + IMAGES
# Kinds a browser may show in the page instead of downloading: they cannot carry script that runs.
INLINE_SAFE = frozenset(KINDS[k] for k in ("pdf", "png", "jpeg", "gif", "webp"))
SNIFFED_BYTES = 1024
MARKUP = (b"<html", b"<body", b"<script", b"<svg", b"<!doctype", b"<iframe", b"<object", b"<embed",
          b"<?xml-stylesheet", b"javascript:")  # fmt: skip


def has_markup(upload) -> bool:
    """Whether the file's first kilobyte holds HTML, SVG, XML or script markup."""
    upload.seek(0)
    head = upload.read(SNIFFED_BYTES).lower()
    upload.seek(0)
    return any(tag in head for tag in MARKUP)


def detect(upload) -> Kind | None:
    """The kind a file's bytes show it to be, among all known kinds."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in KINDS.values():
        if not any(head.startswith(sig) for sig in kind.signatures):
            continue
        if kind.name == "WebP" and head[8:12] != b"WEBP":
            continue
        if kind.zip_member and not _zip_has(upload, kind.zip_member):
            continue
        return kind
    return None


def _zip_has(upload, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except sheets.DAMAGED_ZIP:  # damaged: not that kind of file
        return False
    finally:
        upload.seek(0)


def check_upload(upload, allowed: tuple[str, ...] = EVIDENCE, max_bytes: int = 10 * 1024 * 1024) -> Kind:
    """The file's kind, or ValidationError saying what is wrong with it."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size).1f MB; at most %(max)d MB is accepted."),
            params={"size": upload.size / 1_048_576, "max": max_bytes // 1_048_576},
            code="too_large",
        )
    if has_markup(upload):
        raise ValidationError(
            _("This file holds web page or script code (HTML, SVG or JavaScript), which is never accepted."),
            code="markup",
        )
    kind = detect(upload)
    if kind is None or kind not in [KINDS[k] for k in allowed]:
        names = ", ".join(sorted({KINDS[k].name for k in allowed}))
        raise ValidationError(
            _("This file's content is not an accepted type (%(names)s), whatever its name says."),
            params={"names": names},
            code="wrong_type",
        )
    return kind
