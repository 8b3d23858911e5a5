import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.documents import workflow
from prongsai.documents.models import Document, Status
from prongsai.documents.tests.factories import PASSWORD, make_chain_org, make_doc_type, make_document

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_another_organisations_document_is_404(client, chain_org):
    _org, users = chain_org
    other, other_users = make_chain_org()
    theirs = make_document(other, other_users["analyst"])
    login(client, users["analyst"])
    assert client.get(reverse("documents:detail", kwargs={"document_id": theirs.pk})).status_code == 404


def test_the_analyst_creates_a_measures_memo_from_the_list(client, chain_org):
    org, users = chain_org
    make_doc_type(org, users["analyst"])
    login(client, users["analyst"])
    response = client.post(reverse("documents:create"), {"fiscal_year": "2565"})
    document = Document.objects.for_org(org).get()
    assert response.url == reverse("documents:detail", kwargs={"document_id": document.pk})
    assert "พ.ศ. 2565" in document.subject


def test_a_bad_year_keeps_the_form_with_a_message(client, chain_org):
    org, users = chain_org
    make_doc_type(org, users["analyst"])
    login(client, users["analyst"])
    response = client.post(reverse("documents:create"), {"fiscal_year": "abc"})
    assert response.status_code == 400
    assert 'value="abc"' in response.content.decode()


def test_the_approver_decides_on_the_page_and_errors_keep_the_typed_suggestion(client, chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    login(client, users["head"])
    url = reverse("documents:decide", kwargs={"document_id": document.pk})
    returned = {"action": "return", "suggestion": "เห็นควรเสนอ", "return_to": "1", "note": ""}
    response = client.post(url, returned)
    assert response.status_code == 400
    page = response.content.decode()
    assert "เห็นควรเสนอ" in page and "Say what should be revised" in page
    # A typed name or date is not a field any more: the chain and the clock give them.
    typed = {"signed_name": "คนอื่น", "signed_on": "2001-01-01"}
    response = client.post(url, {"action": "approve", "suggestion": "เห็นควรเสนอ", **typed})
    assert response.status_code == 302
    step = document.steps.get(order=1)
    assert (step.suggestion, step.signed_name, step.signed_on) == (
        "เห็นควรเสนอ", users["head"].person.full_name, timezone.localdate()
    )


def test_an_approved_document_has_no_edit_page(client, chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    document.status = Status.APPROVED
    document.save()
    login(client, users["analyst"])
    response = client.get(reverse("documents:edit", kwargs={"document_id": document.pk}))
    assert response.status_code == 302
    response = client.post(reverse("documents:edit", kwargs={"document_id": document.pk}), {"subject": "x"})
    document.refresh_from_db()
    assert document.subject != "x"


def test_render_from_the_web_makes_files_to_download(client, chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    login(client, users["analyst"])
    client.post(reverse("documents:render", kwargs={"document_id": document.pk}))
    document.refresh_from_db()
    assert document.page_count >= 2
    response = client.get(reverse("documents:download_pdf", kwargs={"document_id": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.get(reverse("documents:download_docx", kwargs={"document_id": document.pk}))
    assert b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.parametrize("rows", [2, 25])
def test_the_list_needs_the_same_queries_for_few_or_many_rows(
    client, chain_org, rows, django_assert_max_num_queries
):
    org, users = chain_org
    for _ in range(rows):
        make_document(org, users["analyst"])
    login(client, users["analyst"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:index"))
    assert response.status_code == 200


def test_without_a_pdf_renderer_the_docx_is_still_made_and_the_page_says_why(client, chain_org, monkeypatch):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    login(client, users["analyst"])
    client.post(reverse("documents:render", kwargs={"document_id": document.pk}))
    document.refresh_from_db()
    assert document.docx and not document.pdf
    response = client.get(reverse("documents:download_docx", kwargs={"document_id": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    pdf = client.get(reverse("documents:download_pdf", kwargs={"document_id": document.pk}))
    assert pdf.status_code == 404
    page = client.get(reverse("documents:detail", kwargs={"document_id": document.pk})).content.decode()
    assert 'id="render-error"' in page and "ไม่พบโปรแกรม Chromium" in page and "Chromium not found" in page
    assert 'id="download-docx"' in page and 'id="download-pdf"' not in page
