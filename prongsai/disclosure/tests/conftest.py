import pytest

from prongsai.core.tests.factories import make_org, make_staff


@pytest.fixture
def org(db):
    return make_org("bophloi-test")


@pytest.fixture
def publisher(org):
    return make_staff(org, roles=("publisher",))


@pytest.fixture
def staff_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture(autouse=True)
def _english(english_messages):
    """This app's tests read messages by their English text (see the root conftest)."""


@pytest.fixture(autouse=True)
def _cheap_proof_of_work(settings):
    """The contact form takes a proof of work (participation/limits.py); a few bits keep tests fast."""
    settings.COMPLAINTS_POW_BITS = 4
