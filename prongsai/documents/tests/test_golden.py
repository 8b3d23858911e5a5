"""Golden test on the seed: the demo's approved 2565 measures memo, printed, against the seed itself.

The demo holds the seed as it was signed (documents/demo.py, data/seed-2565.yaml). Printed as an
approved document is printed (`output.content_for`: its frozen content, the chain's approvals):
- the memo and its attachment take at most 6 pages;
- at least 97% of the seed's tokens are found in order in the PDF's text layer (`pdftotext -raw`,
  dot leaders and whitespace removed, pythainlp newmm, difflib's matching blocks over the seed's
  token count), for the whole seed; the memo's and the attachment's figures are printed too;
- no word lies outside the margins (pdftotext -bbox);
- the pages match the reference images kept in tests/references/ (pdfcheck.py's tolerance);
- the DOCX, converted by LibreOffice with the TH SarabunIT๙ alias (render/fonts.py), gives the
  PDF's page count ±1.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from prongsai.core import demo
from prongsai.documents import output
from prongsai.documents.models import Document, Status
from prongsai.documents.render import fonts
from prongsai.documents.render.html import page_count
from prongsai.documents.tests import pdfcheck

pytestmark = pytest.mark.django_db
needs_pdf_tools = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
SOFFICE = "/usr/bin/soffice"
SEED = (Path(__file__).resolve().parent / "data" / "seed-2565.txt").read_text(encoding="utf-8")
# Where the seed's attachment begins (its title's first line).
ATTACHMENT_START = SEED.index("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๕\nเทศบาลตำบล")
MAX_PAGES = 6
MIN_SHARE = 0.97


@pytest.fixture(scope="module")
def seed_files(django_db_setup, django_db_blocker, tmp_path_factory):
    """The approved version 1 of the demo, printed once for the module; the database is rolled back."""
    out = tmp_path_factory.mktemp("golden")
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        demo.load_demo()
        document = Document.objects.get(
            organisation__slug="bophloi", document_type__code="measures-memo", fiscal_year=2565,
            status=Status.APPROVED,
        )  # fmt: skip
        result = output.write_files(output.content_for(document), out, "seed-2565")
        result["story"] = _what_prongsai_catches(document)
        transaction.set_rollback(True)
    return result


def _what_prongsai_catches(approved: Document) -> dict:
    """The plan's coverage check, and the draft version 2's measures."""
    from prongsai.plans import coverage
    from prongsai.plans.models import Plan

    plan = Plan.objects.get(organisation=approved.organisation, fiscal_year=2565)
    found = coverage.check(plan)
    draft = Document.objects.get(supersedes=approved)
    rows = output.content_for(draft).attachments[0].blocks[-1].rows
    return {
        "gaps": found.gaps, "uncovered": [target for target, _label in found.uncovered],
        "draft": (draft.version, draft.status), "draft_measures": [row.cells[0][0] for row in rows],
    }  # fmt: skip


def _attachment_first_page(pdf: Path) -> int:
    for n in range(2, page_count(pdf) + 1):
        lines = [line for line in pdfcheck.raw_text(pdf, n, n).splitlines() if line.strip()]
        if len(lines) > 1 and lines[1].startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ"):
            return n
    raise AssertionError("the attachment's title was not found at the top of any page")


@needs_pdf_tools
def test_memo_and_attachment_take_at_most_six_pages(seed_files):
    assert seed_files["pages"] <= MAX_PAGES


@needs_pdf_tools
def test_the_seed_is_found_word_for_word_in_the_text_layer(seed_files):
    pdf = Path(seed_files["pdf"])
    first = _attachment_first_page(pdf)
    memo = pdfcheck.token_share(SEED[:ATTACHMENT_START], pdfcheck.raw_text(pdf, 1, first - 1))
    attachment = pdfcheck.token_share(SEED[ATTACHMENT_START:], pdfcheck.raw_text(pdf, first))
    whole = pdfcheck.token_share(SEED, pdfcheck.raw_text(pdf))
    print(f"seed tokens found in order: memo {memo:.1%}, attachment {attachment:.1%}, whole {whole:.1%}")
    assert whole >= MIN_SHARE
    assert attachment >= MIN_SHARE  # the attachment is the seed's own words, not a template's
    assert memo >= 0.95  # the seed's scan typos (ปอพลอย, a stray "-1/5/65") are corrected


@needs_pdf_tools
def test_every_page_keeps_its_text_inside_the_margins(seed_files):
    assert pdfcheck.outside_margins(Path(seed_files["pdf"])) == []


@needs_pdf_tools
def test_the_pages_match_the_reference_images(seed_files):
    assert pdfcheck.compare_with_references(Path(seed_files["pdf"]), "measures-memo-2565") == []


@needs_pdf_tools
def test_the_approved_memo_prints_the_seed_in_its_order(seed_files):
    text = "".join(pdfcheck.raw_text(Path(seed_files["pdf"])).split())
    position = 0
    for item in ("บันทึกข้อความ", "ที่กจ๕๓๐๐๑/๕๐", "วันที่๒๕มีนาคมพ.ศ.๒๕๖๕", "(นางณภัทรฤกษ์วิจิตร)",
                 "(นายชัยเชษฐพัฒนะพิชัย)", "นายกเทศมนตรีตำบลบ่อพลอย", "๑.การปฏิบัติหน้าที่๘๕.๕๙คะแนน",
                 "๑.การสร้างมาตรฐาน", "๔.การบริหารงานในด้านแผนดำเนินงาน", "๖.การบริหารและพัฒนาทรัพยากรบุคคล",
                 "๗.มาตรการรับเรื่องราวร้องเรียน"):  # fmt: skip
        found = text.find(item, position)
        assert found >= 0, f"missing after position {position}: {item}"
        position = found + 1
    assert "๕.การบริหารเงินงบประมาณ" not in text  # the seed as signed had no procurement measure
    assert "สานักปลัด" not in text and "ดาเนินการ" not in text  # ำ extracts as ำ


def test_coverage_flags_the_seeds_gap_and_version_2_adds_procurement(seed_files):
    story = seed_files["story"]
    assert story["gaps"] == [5]  # the seed numbered its measures 1–4, 6, 7
    assert "sub:9.3" in story["uncovered"]  # OIT 9.3, the budget's procurement: no measure
    assert story["draft"] == (2, Status.DRAFT)
    numbers = [label.split(".")[0] for label in story["draft_measures"]]
    assert numbers == ["๑", "๒", "๓", "๔", "๕", "๖", "๗"]
    assert "จัดซื้อจัดจ้าง" in story["draft_measures"][4]  # from the recommendations library


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_libreoffice_with_the_alias_gives_the_pdf_page_count(seed_files, tmp_path):
    if not Path(SOFFICE).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI: apt-get install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (/usr/bin/soffice) is not installed on this machine")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file(tmp_path / "fc"))}
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), seed_files["docx"]],
        capture_output=True, text=True, timeout=180, check=False, env=env,
    )  # fmt: skip
    converted = tmp_path / (Path(seed_files["docx"]).stem + ".pdf")
    assert done.returncode == 0, done.stderr
    used = subprocess.run(["pdffonts", str(converted)], capture_output=True, text=True, check=True).stdout
    assert "SarabunTHMetrics" in used  # the alias, not a fallback drawn 1.4× larger
    assert abs(page_count(converted) - seed_files["pages"]) <= 1
