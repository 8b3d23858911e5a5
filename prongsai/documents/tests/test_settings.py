"""Each organisation sets its register prefix, emblem and the approval chain of each document type."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.core.models import Position
from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_org, make_position
from prongsai.documents.models import ChainStep, DocumentSettings
from prongsai.documents.tests.factories import make_doc_type

pytestmark = pytest.mark.django_db
PNG = samples.picture("PNG")


@pytest.fixture
def setup(client, chain_org):
    org, users = chain_org
    doc_type = make_doc_type(org, users["analyst"])
    client.force_login(users["clerk"])
    return org, users, doc_type


def chain_of(doc_type) -> list[int]:
    return list(ChainStep.objects.filter(document_type=doc_type).values_list("position_id", flat=True))


def positions(org, *titles):
    return [Position.objects.get(organisation=org, title_th=t).pk for t in titles]


def test_the_clerk_sets_a_chain_in_order(client, setup):
    org, _users, doc_type = setup
    order = positions(org, "ปลัดเทศบาล", "นายกเทศมนตรี")
    response = client.post(reverse("documents:chain", kwargs={"document_type_id": doc_type.pk}),
                           {"step_1": order[0], "step_2": order[1]})  # fmt: skip
    assert response.status_code == 302
    assert chain_of(doc_type) == order


@pytest.mark.parametrize(
    ("steps", "says"),
    [
        ({"step_1": "ปลัดเทศบาล", "step_2": "ปลัดเทศบาล"}, "twice"),
        ({"step_1": "ปลัดเทศบาล", "step_3": "นายกเทศมนตรี"}, "no position"),
        ({}, "empty"),
    ],
)
def test_loops_gaps_and_empty_chains_are_refused_and_the_old_chain_kept(client, setup, steps, says):
    org, _users, doc_type = setup
    before = chain_of(doc_type)
    data = {key: positions(org, title)[0] for key, title in steps.items()}
    response = client.post(reverse("documents:chain", kwargs={"document_type_id": doc_type.pk}), data)
    assert response.status_code == 200 and says in response.content.decode()
    assert chain_of(doc_type) == before


def test_another_organisations_position_cannot_be_chosen(client, setup):
    _org, _users, doc_type = setup
    foreign = make_position(make_org(), "นายกองค์การบริหารส่วนตำบลอื่น")
    response = client.post(reverse("documents:chain", kwargs={"document_type_id": doc_type.pk}),
                           {"step_1": foreign.pk})  # fmt: skip
    assert response.status_code == 200 and not ChainStep.objects.filter(position=foreign).exists()


def test_settings_keep_the_prefix_and_check_the_emblem_by_content(client, setup):
    org, _users, _doc_type = setup
    url = reverse("documents:settings")
    bad = client.post(url, {"register_prefix": "กจ ๕๓๐๐๑/", "department": "สำนักปลัดเทศบาล",
                            "emblem_file": SimpleUploadedFile("garuda.png", b"MZ not an image")})  # fmt: skip
    assert bad.status_code == 200 and 'value="กจ ๕๓๐๐๑/"' in bad.content.decode()
    client.post(url, {"register_prefix": "กจ ๕๓๐๐๑/", "department": "สำนักปลัดเทศบาล",
                      "emblem_file": SimpleUploadedFile("garuda.png", PNG)})  # fmt: skip
    saved = DocumentSettings.objects.for_org(org).get()
    assert saved.register_prefix == "กจ ๕๓๐๐๑/" and saved.emblem.startswith("documents/emblems/")


def test_only_the_clerk_or_an_administrator_configures(client, chain_org):
    _org, users = chain_org
    client.force_login(users["analyst"])
    assert client.get(reverse("documents:settings")).status_code == 403
