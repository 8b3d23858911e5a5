"""`prongsai document render` writes what was signed, and a composed draft keeps its content."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command

from prongsai.documents import snapshot, workflow
from prongsai.documents.tests.sealed import approved, seal_dir, stored_bytes  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seal_dir")]


def render(org, out) -> dict:
    printed = StringIO()
    call_command("document", "render", "--org", org.slug, "--kind", "measures-memo", "--year", "2565",
                 "--out", str(out), "--format", "json", stdout=printed)  # fmt: skip
    return json.loads(printed.getvalue())


def test_the_latest_approved_version_gives_its_sealed_files_even_with_a_newer_draft(chain_org, tmp_path):
    org, users = chain_org
    signed = approved(org, users)
    workflow.new_version(signed, users["analyst"])  # a draft v2 now exists
    result = render(org, tmp_path)
    assert (result["version"], result["status"]) == (signed.version, "approved")
    written = (tmp_path / result["pdf"].rsplit("/", 1)[-1]).read_bytes()
    assert written == stored_bytes(signed.pdf)
    assert hashlib.sha256(written).hexdigest() == result["pdf_sha256"] == signed.pdf_sha256


def test_without_an_approved_version_the_draft_is_rendered_for_checking(chain_org, tmp_path):
    org, users = chain_org
    from prongsai.documents.tests.factories import make_document

    make_document(org, users["analyst"], 2565)
    result = render(org, tmp_path)
    assert result["status"] == "draft" and result["pages"] >= 1


def test_a_composed_draft_keeps_its_content_when_submitted(chain_org):
    org, users = chain_org
    signed = approved(org, users)
    draft = workflow.new_version(signed, users["analyst"])
    composed = dict(signed.snapshot, marker="เพิ่มมาตรการที่ ๕")
    draft.snapshot = composed
    draft.save()
    workflow.transition(draft, "submit", users["analyst"])
    draft.refresh_from_db()
    assert draft.snapshot["marker"] == "เพิ่มมาตรการที่ ๕"
    assert draft.snapshot_sha256 == snapshot.digest(composed)
