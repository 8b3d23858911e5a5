"""Evidence files: checked by content, images re-encoded so no metadata (EXIF, GPS) survives.

Assumptions: at most MAX_FILES files of MAX_BYTES each and MAX_TOTAL together per submission.
Images are decoded and re-drawn from their pixels only (orientation applied first), so EXIF,
GPS, XMP, comments and thumbnails are dropped; animated images keep their first frame. A
picture larger than MAX_PIXELS is refused before decoding (decompression bombs). PDF and office
files are kept as sent: their metadata may name the author, which the intake page warns about.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from prongsai.core.uploads import EVIDENCE, check_upload

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_TOTAL = 25 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_KINDS = {"PNG", "JPEG", "GIF", "WebP"}


@dataclass(frozen=True)
class Evidence:
    name: str
    content_type: str
    extension: str
    data: bytes


def clean_image(raw: bytes, kind_name: str) -> tuple[bytes, str, str]:
    """(bytes, content type, extension) of the image drawn again from its pixels alone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(
                        _("The picture is too large (%(mp)d megapixels; at most %(max)d)."),
                        params={
                            "mp": image.width * image.height // 1_000_000,
                            "max": MAX_PIXELS // 1_000_000,
                        },
                        code="too_many_pixels",
                    )
                image.seek(0)
                upright = ImageOps.exif_transpose(image)
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                mode = "RGBA" if has_alpha else "RGB"
                pixels = upright.convert(mode)
                fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The picture is too large to open safely."), code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The picture cannot be read; it may be damaged."), code="bad_image") from None
    out = io.BytesIO()
    if kind_name == "JPEG" and mode == "RGB":
        fresh.save(out, "JPEG", quality=90)
        return out.getvalue(), "image/jpeg", "jpg"
    fresh.save(out, "PNG")
    return out.getvalue(), "image/png", "png"


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
        name = (upload.name or "file")[-120:]
        try:
            kind = check_upload(upload, allowed=EVIDENCE, max_bytes=MAX_BYTES)
            upload.seek(0)
            raw = upload.read()
            if kind.name in IMAGE_KINDS:
                data, content_type, extension = clean_image(raw, kind.name)
            else:
                data, content_type, extension = raw, kind.content_type, kind.extension
        except ValidationError as error:
            errors.extend(f"{name}: {message}" for message in error.messages)
            continue
        stem = name.rsplit(".", 1)[0] or "file"
        prepared.append(Evidence(f"{stem}.{extension}", content_type, extension, data))
    if errors:
        raise ValidationError(errors)
    return prepared
