"""Builders shared by the frozen-approval, seal, verify and publish tests: an approved measures memo
of a plan with one measure, whose final files the last approval made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from prongsai.core.tests.factories import make_unit
from prongsai.documents import workflow
from prongsai.documents.models import Document, DocumentSettings
from prongsai.documents.tests.factories import approve_all, make_document
from prongsai.plans.tests.factories import make_measure, make_plan, make_step

MEASURE = "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfsig")), reason="poppler-utils is not installed"
)


def plan_with_measure(org, fiscal_year: int = 2565):
    plan = make_plan(org, fiscal_year)
    measure = make_measure(plan, 1, MEASURE)
    make_step(measure, make_unit(org, "กองคลัง"), "ประกาศผลการจัดซื้อจัดจ้างทุกเดือน")
    return plan, measure


def submitted(org, users, fiscal_year: int = 2565) -> Document:
    DocumentSettings.objects.update_or_create(organisation=org, defaults={"register_prefix": "กจ ๕๓๐๐๑/"})
    document = make_document(org, users["analyst"], fiscal_year)
    workflow.transition(document, "submit", users["analyst"])
    document.refresh_from_db()
    return document


def approved(org, users, fiscal_year: int = 2565) -> Document:
    return approve_all(submitted(org, users, fiscal_year), users)


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    return "".join(text.replace("\u00a0", " ").split())


@pytest.fixture(autouse=False)
def seal_dir(settings, tmp_path_factory):
    """Seal certificates in the test session's temporary folder, never in the data directory."""
    settings.DOCUMENTS_SEAL_DIR = tmp_path_factory.getbasetemp() / "seal"
    return settings.DOCUMENTS_SEAL_DIR
