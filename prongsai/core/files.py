"""One way in and one way out for the files people upload, in every app.

In (`accept`, `save`): the upload is checked by its content (core/uploads.py), pictures are drawn
again from their pixels (EXIF, GPS and anything hidden after the picture are gone), a PDF can lose
its author metadata, and the stored name is random with the extension of the *detected* type. The
client's file name is kept only as a display name, without folders or control characters.

Out (`serve`, `serve_stored`): the Content-Type is the one the stored bytes show, never one
guessed from a name; only PDFs and raster pictures may be shown inline, everything else is a
download; every answer carries its own sandboxing Content-Security-Policy and `nosniff`, so a file
that is somehow a web page or a script never runs with the site's origin. No URL serves the media
folder directly (no MEDIA_URL route, no web-server location): every file goes through a view.
"""

from __future__ import annotations

import io
import secrets
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from prongsai.core.middleware import CONTENT_SECURITY_POLICY
from prongsai.core.uploads import INLINE_SAFE, KINDS, Kind, check_upload, detect, has_markup

FILE_CSP = "sandbox; default-src 'none'"
UNKNOWN_TYPE = "application/octet-stream"
MAX_PIXELS = 40_000_000
IMAGE_KINDS = frozenset(KINDS[k] for k in ("png", "jpeg", "gif", "webp"))
# Bidirectional overrides make "exe.pdf" look like "fdp.exe"; they are format characters (Cf).
_DROPPED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


@dataclass(frozen=True)
class Accepted:
    """An upload that passed: its cleaned bytes, the kind they are, and the name to show."""

    data: bytes
    kind: Kind
    display_name: str

    @property
    def size(self) -> int:
        return len(self.data)

    def as_file(self) -> ContentFile:
        """The bytes under a fresh random name, for a FileField (its upload_to adds the folder)."""
        return ContentFile(self.data, name=random_name(self.kind.extension))


def random_name(extension: str) -> str:
    """A stored name nobody can guess or choose: 128 random bits and the server's extension."""
    return f"{secrets.token_hex(16)}.{extension}"


def display_name(name: str, kind: Kind | None = None, default: str = "file", *, extension: str = "") -> str:
    """The client's name made harmless: no folders, no control or direction characters, at most
    120 characters, and the detected kind's extension (else `extension`, if given) instead of
    whatever it claimed."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    name = " ".join(name.split()).strip(" .")
    extension = kind.extension if kind is not None else extension
    if extension:
        stem, dot, _claimed = name.rpartition(".")
        name = (stem if dot else name).strip(" .")
    name = (name or default)[:120]
    return f"{name}.{extension}" if extension else name


def reencode_image(raw: bytes, kind: Kind) -> tuple[bytes, Kind]:
    """The picture drawn again from its pixels alone (orientation applied first), as JPEG when it
    was an opaque JPEG and PNG otherwise; animated pictures keep their first frame."""
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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("The picture cannot be read; it may be damaged."), code="bad_image") from None
    out = io.BytesIO()
    if kind == KINDS["jpeg"] and mode == "RGB":
        fresh.save(out, "JPEG", quality=90)
        return out.getvalue(), KINDS["jpeg"]
    fresh.save(out, "PNG")
    return out.getvalue(), KINDS["png"]


def strip_pdf_metadata(raw: bytes) -> bytes:
    """The PDF written again without its document information and XMP metadata (author, software,
    dates), which could name the person who sent it; anything after the last page object goes too."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
        writer.metadata = None
        writer.root_object.pop("/Metadata", None)
        for page in writer.pages:
            page.pop("/Metadata", None)
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError(_("The PDF cannot be read; it may be damaged."), code="bad_pdf") from None
    return out.getvalue()


def accept(upload, allowed: tuple[str, ...], max_bytes: int, *, strip_pdf: bool = False) -> Accepted:
    """The upload checked and cleaned, or ValidationError (Thai and English) saying why not."""
    kind = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if kind in IMAGE_KINDS:
        data, kind = reencode_image(data, kind)
    elif strip_pdf and kind == KINDS["pdf"]:
        data = strip_pdf_metadata(data)
    return Accepted(data, kind, display_name(getattr(upload, "name", ""), kind))


def save(folder: str, accepted: Accepted) -> str:
    """Store the accepted file under `folder` with a random name; returns the storage name."""
    file = accepted.as_file()
    return default_storage.save(f"{folder.strip('/')}/{file.name}", file)


def serve(content, filename: str = "", *, as_attachment: bool = False) -> HttpResponse:
    """A user file's answer: `content` is bytes or an open binary file (streamed); `filename`
    only names the download."""
    handle = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    kind = detect(handle)
    inline = not as_attachment and kind in INLINE_SAFE and not has_markup(handle)
    content_type = kind.content_type if kind else UNKNOWN_TYPE
    if handle is content:
        response = FileResponse(handle, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        not inline, display_name(filename, kind, extension="bin")
    )
    # Chromium's PDF viewer does not open in a sandboxed document, so a PDF shown inline keeps the
    # site's policy (no inline script, nothing from elsewhere); typed by its bytes and with nosniff
    # it is never read as a page. Everything else is sandboxed.
    response["Content-Security-Policy"] = (
        CONTENT_SECURITY_POLICY if inline and kind == KINDS["pdf"] else FILE_CSP
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def serve_stored(name: str, filename: str = "", *, as_attachment: bool = False) -> HttpResponse:
    """`serve` for a file in the default storage; 404 when it is missing."""
    try:
        handle = default_storage.open(name, "rb") if name else None
    except FileNotFoundError:
        handle = None
    if handle is None:
        raise Http404(_("The file is missing."))
    return serve(handle, filename or name, as_attachment=as_attachment)
