"""Small real files for upload tests: a PDF that a PDF reader opens, pictures Pillow can decode,
and the hostile files of the security review (polyglots, markup under an innocent name)."""

from __future__ import annotations

import io

from PIL import Image


def pdf(author: str = "", tail: bytes = b"") -> bytes:
    """A one-page PDF, with `author` in its document information if given, and `tail` appended."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if author:
        writer.add_metadata({"/Author": author, "/Creator": author})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + tail


def picture(kind: str = "PNG", tail: bytes = b"", exif_note: str = "") -> bytes:
    """A small picture of `kind` (PNG, JPEG, GIF or WEBP), with `tail` after its last byte."""
    image = Image.new("RGB", (8, 8), (200, 30, 30))
    out = io.BytesIO()
    if exif_note:
        exif = Image.Exif()
        exif[0x010E] = exif_note  # ImageDescription
        image.save(out, kind, exif=exif)
    else:
        image.save(out, kind)
    return out.getvalue() + tail


SCRIPT = b"<script>document.title='pwned';fetch('/x?c='+document.cookie)</script>"
# The review's reproductions: a "PDF" that is an HTML page, a "GIF" that is a script.
PDF_HTML_POLYGLOT = b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n%%EOF\n"
GIF_JS_POLYGLOT = b"GIF89a=1;document.title='pwned';//" + b"\x00" * 16
HOSTILE = {
    "poc.html": PDF_HTML_POLYGLOT,
    "x.js": GIF_JS_POLYGLOT,
    "page.html": b"<!doctype html><html><body>" + SCRIPT + b"</body></html>",
    "image.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
    "page.xhtml": b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">' + SCRIPT + b"</html>",
    "app.js": b"alert(document.domain)",
    "tail.png": picture("PNG", tail=SCRIPT),
    "tail.pdf": pdf(tail=b"\n" + SCRIPT),
}
