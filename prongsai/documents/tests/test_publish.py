"""One click publishes the approved measures memo's sealed PDF to the year's measures item."""

import pytest
from django.urls import reverse

from prongsai.disclosure.models import Publication
from prongsai.documents import publishing, seal, workflow
from prongsai.documents.tests.factories import PASSWORD, make_document
from prongsai.documents.tests.sealed import approved, seal_dir  # noqa: F401 (fixture)
from prongsai.ita.results import framework_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seal_dir")]


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566, 2567])
def test_the_measures_item_is_found_in_the_catalogue_not_its_action_item(year):
    item = publishing.measures_item(year)
    assert item.title_th.startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    items = framework_for(year).oit_items
    codes = [i.code for i in items]
    follow_up = next(i for i in items if i.title_th.startswith("การดำเนินการตามมาตรการ"))
    assert codes.index(item.code) < codes.index(follow_up.code)
    if year == 2565:
        assert item.code == "o42"  # the item the seed's measures answered


def test_2568_folds_the_measures_into_the_action_plan_item():
    assert publishing.measures_item(2568).title_th.startswith("แผนปฏิบัติการป้องกันการทุจริต")


def test_one_click_publishes_the_sealed_pdf_byte_for_byte(client, chain_org):
    org, users = chain_org
    document = approved(org, users)
    assert client.login(username=users["analyst"].username, password=PASSWORD)
    detail = reverse("documents:detail", kwargs={"document_id": document.pk})
    assert 'id="publish"' in client.get(detail).content.decode()
    response = client.post(reverse("documents:publish", kwargs={"document_id": document.pk}))
    assert response.status_code == 302
    publication = Publication.objects.for_org(org).get()
    assert (publication.item.code, publication.item.year) == ("o42", 2565)
    assert publication.title == document.subject
    with publication.file.open("rb") as fh:
        assert seal.sha256(fh.read()) == document.pdf_sha256  # the portal's copy verifies
    assert "Published under OIT item O42." in client.get(detail).content.decode()


def test_a_draft_is_not_published(client, chain_org):
    org, users = chain_org
    document = make_document(org, users["analyst"])
    assert client.login(username=users["analyst"].username, password=PASSWORD)
    client.post(reverse("documents:publish", kwargs={"document_id": document.pk}))
    assert not Publication.objects.for_org(org).exists()
    with pytest.raises(ValueError, match="Only an approved measures memo"):
        publishing.publish_memo(document, users["analyst"])
    workflow.transition(document, "submit", users["analyst"])
    document.refresh_from_db()
    assert not publishing.publishable(document)
