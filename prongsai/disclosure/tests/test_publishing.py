import pytest

from prongsai.disclosure.catalogue import readiness
from prongsai.disclosure.models import Kind
from prongsai.disclosure.publishing import publish
from prongsai.disclosure.tests.factories import PDF

pytestmark = pytest.mark.django_db


def test_publish_creates_the_catalogue_and_marks_the_item_ready(org):
    publication = publish(
        org, fiscal_year=2565, item_code="o42", title="มาตรการส่งเสริมคุณธรรม", content=PDF, filename="m.pdf"
    )
    assert publication.kind == Kind.DOCUMENT and publication.file_type == "pdf"
    with publication.file.open("rb") as stored:
        assert stored.read() == PDF
    report = readiness(org, 2565)
    assert [i.code for i in report.items if i.pk in report.ready] == ["o42"]


def test_publish_a_link_and_a_text(org):
    assert (
        publish(org, fiscal_year=2565, item_code="O1", title="ผัง", url="https://example.org/a").kind
        == Kind.LINK
    )
    assert publish(org, fiscal_year=2565, item_code="o3", title="อำนาจ", text="มาตรา ๕๐").kind == Kind.TEXT


def test_unknown_item_code_is_refused_in_thai_and_english(org):
    with pytest.raises(ValueError, match=r"ไม่มีข้อ o99.*no OIT item o99"):
        publish(org, fiscal_year=2565, item_code="o99", title="x", text="y")


def test_an_executable_renamed_pdf_is_refused(org):
    with pytest.raises(ValueError, match="PDF"):
        publish(
            org, fiscal_year=2565, item_code="o1", title="x", content=b"MZ\x90\x00" * 10, filename="a.pdf"
        )
    assert readiness(org, 2565).ready_count == 0


def test_nothing_to_publish_is_refused(org):
    with pytest.raises(ValueError, match="give a file, a link or a text"):
        publish(org, fiscal_year=2565, item_code="o1", title="x")
