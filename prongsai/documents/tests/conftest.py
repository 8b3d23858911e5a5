import pytest

from prongsai.documents.tests.factories import make_chain_org


@pytest.fixture
def chain_org(db):
    return make_chain_org()


@pytest.fixture(autouse=True)
def _english(english_messages):
    """This app's tests read messages by their English text (see the root conftest)."""
