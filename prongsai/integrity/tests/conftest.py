import pytest


@pytest.fixture(autouse=True)
def _english(english_messages):
    """This app's tests read messages by their English text (see the root conftest)."""
