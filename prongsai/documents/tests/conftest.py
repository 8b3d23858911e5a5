import pytest
from django.utils import translation

from prongsai.documents.tests.factories import make_chain_org


@pytest.fixture
def chain_org(db):
    return make_chain_org()


@pytest.fixture(autouse=True)
def _english_messages():
    # Domain errors are matched by their English msgid; the UI language is Thai by default.
    with translation.override("en"):
        yield
