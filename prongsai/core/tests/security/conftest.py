import pytest


@pytest.fixture
def english(english_messages):
    """Messages read by their English text."""
