"""Printable QR label sheets (ป้ายรหัสครุภัณฑ์): A4 pages of labels, drawn with Pillow, saved as PDF.

Each label holds a QR code of the item page's absolute address (settings.SITE_URL), so a phone
camera opens the item, plus the code and name in Sarabun (Pillow's raqm shapes the Thai text).
"""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from prongsai.property.models import Asset

DPI = 150
PAGE = (1240, 1754)  # A4 at 150 dpi
COLUMNS, ROWS = 3, 8
MARGIN = 40
LABEL = ((PAGE[0] - 2 * MARGIN) // COLUMNS, (PAGE[1] - 2 * MARGIN) // ROWS)
QR_SIZE = LABEL[1] - 20
FONT = Path(__file__).resolve().parent.parent / "core/static/core/fonts/Sarabun-Regular.ttf"


def item_url(item: Asset) -> str:
    return settings.SITE_URL.rstrip("/") + item.get_absolute_url()


def qr_image(data: str, size: int = QR_SIZE) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    return (
        code.make_image(fill_color="black", back_color="white")
        .get_image()
        .convert("L")
        .resize((size, size), Image.Resampling.NEAREST)
    )


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    while text and draw.textlength(text, font=font) > width:
        text = text[:-2] + "…"
    return text


def draw_label(page: Image.Image, item: Asset, origin: tuple[int, int]) -> None:
    x, y = origin
    draw = ImageDraw.Draw(page)
    draw.rectangle([x, y, x + LABEL[0] - 8, y + LABEL[1] - 8], outline=160)
    page.paste(qr_image(item_url(item)), (x + 6, y + 6))
    text_x, width = x + QR_SIZE + 14, LABEL[0] - QR_SIZE - 30
    big, small = ImageFont.truetype(str(FONT), 30), ImageFont.truetype(str(FONT), 22)
    draw.text((text_x, y + 18), _fit(draw, item.code, big, width), font=big, fill=0)
    words, line, lines = item.name.split(), "", []
    for word in words:  # Thai names have few spaces; _fit trims what still does not fit
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=small) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    for n, text in enumerate(lines[:3]):
        draw.text((text_x, y + 64 + n * 30), _fit(draw, text, small, width), font=small, fill=0)


def label_origin(index: int) -> tuple[int, int]:
    slot = index % (COLUMNS * ROWS)
    return MARGIN + (slot % COLUMNS) * LABEL[0], MARGIN + (slot // COLUMNS) * LABEL[1]


def label_pages(items: list[Asset]) -> list[Image.Image]:
    pages: list[Image.Image] = []
    for index, item in enumerate(items):
        if index % (COLUMNS * ROWS) == 0:
            pages.append(Image.new("L", PAGE, 255))
        draw_label(pages[-1], item, label_origin(index))
    return pages or [Image.new("L", PAGE, 255)]


def label_sheet_pdf(items: list[Asset]) -> bytes:
    pages = label_pages(items)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return buffer.getvalue()
