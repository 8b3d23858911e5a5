import pytest

from prongsai.core.tests.factories import make_org, make_staff


@pytest.fixture
def org(db):
    return make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")


@pytest.fixture
def officer(org, client):
    user = make_staff(org, roles=("participation_officer",))
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _english(english_messages):
    """This app's tests read messages by their English text (see the root conftest)."""


@pytest.fixture(autouse=True)
def _cheap_proof_of_work(settings):
    """Public forms take a proof of work (participation/limits.py); a few bits keep tests fast."""
    settings.COMPLAINTS_POW_BITS = 4
