"""Frozen approvals: approvers sign a snapshot; the last approval makes the final files by itself;
names, positions and dates come from the chain and the clock (issue 16, item 3)."""

import datetime

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.core.models import ActingAppointment, Job
from prongsai.core.tests.factories import make_person, make_position
from prongsai.documents import output, snapshot, tasks, workflow
from prongsai.documents.models import Status
from prongsai.documents.render.html import RenderError
from prongsai.documents.tests.factories import PASSWORD, approve_all
from prongsai.documents.tests.sealed import (
    MEASURE,
    approved,
    needs_poppler,
    pdf_text,
    plan_with_measure,
    seal_dir,  # noqa: F401 (fixture)
    squeeze,
    stored_bytes,
    submitted,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seal_dir")]
RENAMED = "มาตรการที่เปลี่ยนชื่อภายหลังการอนุมัติ"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_submitting_freezes_the_whole_content_and_approvers_see_it(client, chain_org):
    org, users = chain_org
    _plan, measure = plan_with_measure(org)
    document = submitted(org, users)
    frozen = snapshot.content(document)
    tables = [b for a in frozen.attachments for b in a.blocks if type(b).__name__ == "Table"]
    assert any(MEASURE in line for t in tables for row in t.rows for cell in row.cells for line in cell)
    assert document.snapshot_sha256 == snapshot.digest(document.snapshot)
    measure.title = RENAMED
    measure.save()  # during review: the approvers still see what was submitted
    page = login(client, users["head"]).get(reverse("documents:detail", kwargs={"document_id": document.pk}))
    html = page.content.decode()
    assert MEASURE in html and RENAMED not in html
    assert f'value="{document.snapshot_sha256}"' in html  # the decision carries the hash read


def test_a_decision_on_another_content_than_the_snapshot_is_refused(chain_org):
    org, users = chain_org
    document = submitted(org, users)
    with pytest.raises(workflow.WorkflowError, match="changed since you opened it"):
        workflow.transition(document, "approve", users["head"], seen_sha256="0" * 64)
    workflow.transition(document, "approve", users["head"], seen_sha256=document.snapshot_sha256)
    assert document.steps.get(order=1).signed_sha256 == document.snapshot_sha256


@needs_poppler
def test_renaming_a_measure_after_approval_leaves_the_approved_memo_text_and_hash(
    client, chain_org, tmp_path
):
    org, users = chain_org
    plan, measure = plan_with_measure(org)
    document = approved(org, users)
    sealed = stored_bytes(document.pdf)
    text = pdf_text(sealed, tmp_path)
    assert MEASURE in squeeze(text) or squeeze(MEASURE) in squeeze(text)
    plan_page = reverse("plans:plan", kwargs={"plan_id": plan.pk})
    login(client, users["analyst"])
    assert "matches the plan" in client.get(plan_page).content.decode()

    measure.title = RENAMED
    measure.save()
    document.refresh_from_db()
    assert document.snapshot_sha256 == snapshot.digest(document.snapshot)
    assert stored_bytes(document.pdf) == sealed and output.seal.sha256(sealed) == document.pdf_sha256
    rendered = output.write_files(output.content_for(document), tmp_path / "again", "again")
    again = pdf_text((tmp_path / "again" / "again.pdf").read_bytes(), tmp_path)
    assert squeeze(again) == squeeze(text)  # rendered again: word for word the approved memo
    assert squeeze(RENAMED) not in squeeze(again) and rendered["pages"] >= 1

    html = client.get(plan_page).content.decode()  # the plan says so, and offers a new version
    assert "The plan has changed since its measures memo" in html and 'id="memo-new-version"' in html
    response = client.post(reverse("documents:new_version", kwargs={"document_id": document.pk}))
    copy = document.superseded_by
    assert response.status_code == 302 and copy.status == Status.DRAFT
    assert RENAMED in squeeze(str(output.snapshot.to_data(output.live_content(copy))))
    assert 'id="memo-new-version"' not in client.get(plan_page).content.decode()


@needs_poppler
def test_the_last_approval_makes_the_final_files_with_number_and_date(chain_org, tmp_path):
    org, users = chain_org
    plan_with_measure(org)
    document = approved(org, users)
    assert not Job.objects.filter(kind="documents.render").exists()  # nobody rendered by hand
    job = Job.objects.get(kind=tasks.FINAL_KIND, payload__document_id=document.pk)
    assert job.status == Job.Status.DONE and (job.done, job.total) == (3, 3)
    reference, day = output.t.official(document.reference), output.t.official(
        output.format_long(document.doc_date)
    )
    assert document.register_number and reference and document.doc_date
    text = squeeze(pdf_text(stored_bytes(document.pdf), tmp_path))
    assert squeeze(reference) in text and squeeze(day) in text and "........" not in text[:400]
    with output.default_storage.open(document.docx, "rb") as fh:
        words = squeeze(" ".join(p.text for p in docx.Document(fh).paragraphs))
    assert squeeze(reference) in words and squeeze(day) in words


def test_a_failed_final_render_is_shown_tried_again_and_made_by_the_button(
    client, chain_org, monkeypatch
):
    org, users = chain_org
    document = submitted(org, users)
    calls = []

    def broken(content, out):
        calls.append(out)
        raise RenderError("Chromium ไม่ทำงาน (Chromium is not running)")

    monkeypatch.setattr(output, "render_pdf", broken)
    document = approve_all(document, users)
    assert len(calls) == 2  # tried once more at once
    assert document.status == Status.APPROVED and not document.pdf_sha256
    job = Job.objects.get(kind=tasks.FINAL_KIND, payload__document_id=document.pk)
    assert job.status == Job.Status.FAILED and "Chromium" in job.error
    url = reverse("documents:detail", kwargs={"document_id": document.pk})
    html = login(client, users["analyst"]).get(url).content.decode()
    assert 'id="final-error"' in html and "Chromium" in html and 'id="final-retry"' in html

    monkeypatch.undo()
    response = client.post(reverse("documents:final_files", kwargs={"document_id": document.pk}))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.pdf_sha256 and 'id="final-ready"' in client.get(url).content.decode()
    client.post(reverse("documents:final_files", kwargs={"document_id": document.pk}))
    document.refresh_from_db()  # never sealed twice: the hash stays
    assert Job.objects.filter(kind=tasks.FINAL_KIND, payload__document_id=document.pk).count() == 2


def test_the_progress_fragment_answers_for_htmx(client, chain_org):
    org, users = chain_org
    document = approved(org, users)
    response = login(client, users["head"]).get(
        reverse("documents:final_job", kwargs={"document_id": document.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="final-files"' in response.content.decode()


def test_names_positions_and_dates_come_from_the_chain_and_the_clock(client, chain_org):
    org, users = chain_org
    document = submitted(org, users)
    url = reverse("documents:detail", kwargs={"document_id": document.pk})
    html = login(client, users["head"]).get(url).content.decode()
    assert 'name="signed_name"' not in html and 'name="signed_on"' not in html
    client.post(reverse("documents:decide", kwargs={"document_id": document.pk}), {
        "action": "approve", "suggestion": "เห็นควร", "signed_name": users["mayor"].person.full_name,
        "signed_on": "2010-01-01",
    })  # fmt: skip
    step = document.steps.get(order=1)
    assert (step.signed_name, step.signed_position, step.signed_on) == (
        users["head"].person.full_name, "หัวหน้าสำนักปลัด", timezone.localdate()
    )
    day = datetime.timedelta(days=1)
    for wrong in (document.doc_date - day, timezone.localdate() + day):  # only code passes a clock
        with pytest.raises(workflow.WorkflowError, match="between the memo's date and today"):
            workflow.transition(document, "approve", users["clerk"], signed_on=wrong)


def test_an_acting_official_signs_and_is_printed_as_acting(chain_org):
    org, users = chain_org
    deputy = make_person(org, first="รักษา", last="การแทน", position=make_position(org, "รองปลัดเทศบาล"))
    clerk_post = users["clerk"].person.position
    today = timezone.localdate()
    ActingAppointment.objects.create(
        organisation=org, position=clerk_post, person=deputy, start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=3),
    )  # fmt: skip
    document = submitted(org, users)
    blocks = output.approval_blocks(document)  # before signing: the acting official is expected
    assert output.t.plain(blocks[1].position) == "รองปลัดเทศบาล รักษาราชการแทนปลัดเทศบาล"
    workflow.transition(document, "approve", users["head"])
    with pytest.raises(workflow.WorkflowError, match="another approver"):
        workflow.transition(document, "approve", users["clerk"])  # the holder is replaced meanwhile
    from prongsai.core.models import User

    user = User.objects.create_user("deputy-acting", password=PASSWORD, organisation=org)
    deputy.user = user
    deputy.save()
    workflow.transition(document, "approve", user)
    step = document.steps.get(order=2)
    acting_title = "รองปลัดเทศบาล รักษาราชการแทนปลัดเทศบาล"
    assert (step.signed_name, step.signed_position) == (deputy.full_name, acting_title)
    printed = output.content_for(document).memo.approvals[1]
    assert output.t.plain(printed.position) == acting_title
