import pytest


@pytest.fixture(autouse=True)
def _english(english_messages):
    """This app's tests read messages by their English text (see the root conftest)."""


@pytest.fixture(autouse=True)
def _fresh_throttle(request):
    """The throttle cache (a database table without Redis) starts empty in every database test."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("db")
    from django.core.cache import caches
    from django.core.management import call_command

    call_command("createcachetable", "prongsai_throttle", verbosity=0)  # a no-op once migrations made it
    caches["throttle"].clear()
    yield
