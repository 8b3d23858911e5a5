"""Is this the sealed original? The public verify page's answers, by file or by register number.

A file is the original when its SHA-256 is the one recorded when the organisation sealed it
(output.finalise): one changed byte is another file. Anyone can sign a PDF with a certificate of
their own, so an intact signature alone proves nothing; it is reported only to explain a refusal
("sealed, but not by this organisation's record"). Only this organisation's documents are
searched, so another organisation's original is "not an original of this organisation".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings

from prongsai.core import throttle
from prongsai.documents import seal
from prongsai.documents.models import Document, StepState
from prongsai.thai.digits import to_arabic_digits

MAX_BYTES = 20 * 1024 * 1024
LIMIT = (30, 600)  # checks per client per 10 minutes (settings.DOCUMENTS_VERIFY_LIMIT may change it)


class BadUpload(ValueError):
    pass


@dataclass(frozen=True)
class Approval:
    order: int
    name: str
    position: str
    on: object


@dataclass(frozen=True)
class Original:
    document: Document
    approvals: tuple[Approval, ...]


def allowed(request) -> bool:
    """Count one check for the caller; False once they checked too often (a flood, a guessing run)."""
    most, window = getattr(settings, "DOCUMENTS_VERIFY_LIMIT", None) or LIMIT
    return throttle.hit("documents-verify", throttle.client_address(request), window) <= most


def read_upload(upload) -> bytes:
    """The uploaded bytes, refused (BadUpload) when too big or not a PDF; nothing is stored."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise BadUpload("too_big")
    data = b"".join(upload.chunks())
    if len(data) > MAX_BYTES:
        raise BadUpload("too_big")
    if not data.lstrip()[:5] == b"%PDF-":
        raise BadUpload("not_pdf")
    return data


def _original(document: Document) -> Original:
    steps = document.steps.filter(state=StepState.APPROVED).order_by("order")
    return Original(
        document, tuple(Approval(s.order, s.signed_name, s.signed_position, s.signed_on) for s in steps)
    )


def by_file(organisation, data: bytes) -> tuple[Original | None, bool]:
    """(the original this file is, or None; whether the file carries an intact seal at all)."""
    digest = hashlib.sha256(data).hexdigest()
    document = (
        Document.objects.for_org(organisation).filter(pdf_sha256=digest)
        .select_related("document_type").first()
    )  # fmt: skip
    if document is not None:
        return _original(document), True
    return None, seal.check(data) is not None


def _key(text: str) -> str:
    return re.sub(r"\s+", "", to_arabic_digits(text or "")).casefold()


def by_number(organisation, number: str) -> list[Original]:
    """The sealed documents of this organisation with that register number (all years when only
    digits are typed, since a number comes back each year)."""
    key = _key(number)
    if not key:
        return []
    tail = re.search(r"(\d{1,9})$", key)
    if tail is None:
        return []
    found = (
        Document.objects.for_org(organisation).exclude(pdf_sha256="")
        .filter(register_number=int(tail.group(1))).select_related("document_type")
        .order_by("-register_year", "-version")[:50]
    )  # fmt: skip
    if not key.isdigit():
        found = [d for d in found if _key(d.reference) == key]
    return [_original(d) for d in list(found)[:20]]
