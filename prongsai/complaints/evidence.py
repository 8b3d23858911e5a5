"""Evidence files: checked by content and cleaned by core/files.py, so no metadata survives.

Assumptions: at most MAX_FILES files of MAX_BYTES each and MAX_TOTAL together per submission.
Images are decoded and re-drawn from their pixels only (orientation applied first), so EXIF,
GPS, XMP, comments and thumbnails are dropped; animated images keep their first frame. A
picture larger than core.files.MAX_PIXELS is refused before decoding (decompression bombs). PDFs
are written again without their document information and XMP metadata (author, software, dates).
Office files are kept as sent: their metadata may name the author, which the intake page warns about.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.core import files as user_files
from prongsai.core.uploads import EVIDENCE

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_TOTAL = 25 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    name: str
    content_type: str
    extension: str
    data: bytes


def prepare(files) -> list[Evidence]:
    """Every file checked and cleaned, or one ValidationError listing what is wrong."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(n)d files can be attached."), params={"n": MAX_FILES}, code="too_many"
        )
    if sum(f.size for f in files) > MAX_TOTAL:
        raise ValidationError(
            _("The files together are larger than %(mb)d MB."),
            params={"mb": MAX_TOTAL // 1_048_576},
            code="too_large_total",
        )
    prepared, errors = [], []
    for upload in files:
        try:
            accepted = user_files.accept(upload, allowed=EVIDENCE, max_bytes=MAX_BYTES, strip_pdf=True)
        except ValidationError as error:
            name = user_files.display_name(upload.name)
            errors.extend(f"{name}: {message}" for message in error.messages)
            continue
        kind = accepted.kind
        prepared.append(Evidence(accepted.display_name, kind.content_type, kind.extension, accepted.data))
    if errors:
        raise ValidationError(errors)
    return prepared
