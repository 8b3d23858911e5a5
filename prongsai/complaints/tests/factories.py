"""Plain builders for complaint tests."""

from __future__ import annotations

import io

from PIL import Image

from prongsai.complaints import actions, pow
from prongsai.complaints.evidence import Evidence
from prongsai.complaints.models import Category
from prongsai.core.tests import samples
from prongsai.core.tests.factories import login_verified, make_staff  # noqa: F401 (used by the tests)

PDF = samples.pdf()  # a real PDF: evidence PDFs are read and written again without metadata


def make_complaint(
    org, description="เจ้าหน้าที่เรียกรับเงินค่าอนุญาตก่อสร้าง", concerned="นายช่างโยธา กองช่าง", files=(), **fields
):
    """A submitted complaint and its receipt code (`today=` dates its receipt)."""
    today = fields.pop("today", None)
    data = actions.Submission(
        category=fields.pop("category", Category.BRIBERY),
        concerned=concerned,
        when_where=fields.pop("when_where", "มีนาคม 2568 ที่สำนักงานเทศบาล"),
        description=description,
        **fields,
    )
    return actions.submit(org, data, list(files), today=today)


def pdf_evidence(name="หลักฐาน.pdf") -> Evidence:
    return Evidence(name, "application/pdf", "pdf", PDF)


def make_officer(org, username=None, **person):
    return make_staff(org, username=username, roles=("complaints_officer",), **person)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamMaker"  # Make
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 1.0), 3: "E", 4: (100.0, 30.0, 2.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def intake_data(org, **overrides) -> dict:
    """A complete intake form for `org`, its proof of work solved at the price asked now."""
    challenge = pow.new_challenge(org.pk)
    data = {
        "category": Category.PROCUREMENT,
        "concerned": "หัวหน้าเจ้าหน้าที่พัสดุ",
        "when_where": "เมษายน 2568 กองคลัง",
        "description": "มีการแบ่งซื้อแบ่งจ้างเพื่อหลีกเลี่ยงการประกวดราคา",
        "name": "",
        "contact": "",
        "website": "",
        "pow_challenge": challenge,
        "pow_counter": pow.solve(challenge),
    }
    data.update(overrides)
    return data
