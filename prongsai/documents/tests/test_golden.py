"""Golden test from the demo data: the seed's measures memo, rendered as the command renders it.

Also writes the page images committed in docs/images/ when PRONGSAI_WRITE_DOC_IMAGES=1.
"""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from prongsai.core import demo

pytestmark = pytest.mark.django_db
needs_pdf_tools = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
SOFFICE = "/usr/bin/soffice"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "images"

# In the order the seed prints them: memo headings, approver names, the analysis with its
# indicators and Thai-digit scores, then the measures (title, unit, period).
SEED_IN_ORDER = [
    "บันทึกข้อความ", "ส่วนราชการ", "สำนักปลัดเทศบาล (งานวิเคราะห์นโยบายและแผน)", "ที่ กจ ๕๓๐๐๑/๕๐",
    "วันที่ ๒๕ มีนาคม พ.ศ. ๒๕๖๕", "เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "เรียน นายกเทศมนตรีตำบลบ่อพลอย",
    "สิ่งที่แนบมาด้วย", "เรื่องเดิม", "ข้อเท็จจริง", "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
    "(นางณภัทร ฤกษ์วิจิตร)", "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    "ข้อเสนอแนะ", "(นางจรัสศรี คุ่มอยู่)", "หัวหน้าฝ่ายบริหารงานทั่วไป",
    "ข้อเสนอแนะ", "(นางสาวพอลาณ คนตรง)", "หัวหน้าสำนักปลัด",
    "ข้อเสนอแนะ", "(นายชุต เหมวิเชียร)", "ปลัดเทศบาลตำบลบ่อพลอย",
    "ข้อเสนอแนะ", "(นายณัฏภัทร หนูขาว)", "รองนายกเทศมนตรีตำบลบ่อพลอย",
    "ข้อเสนอแนะ", "(นายชัยเชษฐ พัฒนะพิชัย)", "นายกเทศมนตรีตำบลบ่อพลอย",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ", "อำเภอบ่อพลอย จังหวัดกาญจนบุรี",
    "๑. การวิเคราะห์ผลการประเมิน ITA", "๗๙.๕๘ คะแนน อยู่ในระดับ B",
    "ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ปรับปรุง", "(IIT)",
    "การปฏิบัติหน้าที่", "๘๕.๕๙", "การใช้งบประมาณ", "๗๙.๙๕", "การใช้อำนาจ", "๘๐.๕๐",
    "การใช้ทรัพย์สินของราชการ", "๗๗.๑๐", "การแก้ไขปัญหาการทุจริต", "๘๔.๙๘", "(EIT)",
    "คุณภาพการดำเนินงาน", "๘๐.๓๓", "ประสิทธิภาพการสื่อสาร", "๘๐.๖๓", "การปรับปรุงระบบการทำงาน", "๗๒.๕๘",
    "(OIT)", "การเปิดเผยข้อมูล", "๗๒.๒๑", "การป้องกันการทุจริต", "๘๗.๕๐",
    "๒. ข้อเสนอแนะในการพัฒนาคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. ๒๕๖๕",
    "มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "การติดตามผล",
    "การสร้างมาตรฐานการใช้ทรัพย์สินของราชการ", "กองคลัง", "ก.พ.๖๕-เม.ย.๖๕", "กำกับติดตามโดยผู้บังคับบัญชา",
    "มาตรการการมีส่วนร่วมของภาคประชาชน", "สำนักปลัด", "ก.พ.๖๕-เม.ย.๖๕",
    "ข้อมูลพื้นฐานเกี่ยวกับประเด็นข้อมูลผู้บริหาร", "สำนักปลัด",
    "การบริหารงานในด้านแผนดำเนินงาน", "สำนักปลัด",
    "การบริหารและพัฒนาทรัพยากรบุคคล", "สำนักปลัด",
    "มาตรการรับเรื่องราวร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่", "สำนักปลัด",
]  # fmt: skip


def _flat(text: str) -> str:
    return "".join(text.split())  # Thai lines break between words with no space: compare without spaces


@pytest.fixture
def rendered(db, tmp_path):
    demo.load_demo()
    buffer = StringIO()
    out = str(tmp_path / "out")
    call_command("document", "render", org="bophloi", kind="measures-memo", year=2565, out=out,
                 format="json", stdout=buffer)  # fmt: skip
    return json.loads(buffer.getvalue())


@needs_pdf_tools
def test_the_pdf_has_every_seed_item_in_order(rendered):
    # -raw: the content stream order, i.e. cell by cell (the default mode interleaves table columns)
    text = subprocess.run(
        ["pdftotext", "-raw", rendered["pdf"], "-"], capture_output=True, text=True, check=True
    ).stdout
    flat, position = _flat(text), 0
    for item in SEED_IN_ORDER:
        found = flat.find(_flat(item), position)
        assert found >= 0, f"missing after position {position}: {item}"
        position = found + 1
    for word in ("สำนักปลัด", "ดำเนินการ", "คะแนน", "คำสั่ง"):  # ำ extracts as ำ (not า)
        assert word in flat
    assert "สานักปลัด" not in flat and "ดาเนินการ" not in flat
    assert rendered["pages"] >= 3


def test_the_docx_converts_with_libreoffice(rendered, tmp_path):
    if not os.path.exists(SOFFICE):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI: apt-get install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (/usr/bin/soffice) is not installed on this machine")
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), rendered["docx"]],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    converted = tmp_path / (Path(rendered["docx"]).stem + ".pdf")
    assert done.returncode == 0, done.stderr
    assert converted.exists() and converted.read_bytes().startswith(b"%PDF")
