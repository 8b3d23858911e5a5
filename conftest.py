"""Test set-up shared by every app: Playwright on Debian's Chromium, and plain static files.

Browser tests are marked `browser`. Without Chromium they are skipped on a developer's machine
but fail in CI (CI=true), where a missing browser must never pass silently.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = "/usr/lib/chromium/chromium"  # the binary itself; /usr/bin/chromium is a shell wrapper


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # live_server serves /static/ through the finders; hashed manifest names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path):
    # Each test's audit anchors in its own file: a rolled-back database must not meet old anchors.
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"


@pytest.fixture
def english_messages(request, settings):
    """Pages and direct calls in English, for tests that read messages by their English text.

    Thai, the default, is covered by the browser tests (left in Thai) and core's translation tests.
    """
    from django.utils import translation

    if request.node.get_closest_marker("browser"):
        yield
        return
    request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is slow by design; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Tasks run at once in the caller: test_settings picks TASKS_BACKEND=immediate.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database backend's table, as in production, until `prongsai worker --once`."""
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Every test starts with empty caches; the throttle cache (a database table without Redis)
    only when the test may use the database, which is then set up first."""
    from django.core.cache import caches

    stores = [caches["default"]]
    if request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")
        stores.append(caches["throttle"])
    for store in stores:
        store.clear()
    yield
    for store in stores:
        store.clear()


@pytest.fixture(autouse=True)
def _page_requests_finish(request):
    """A browser test's last requests (htmx loads such as the menu's count) end before the live
    server's database is flushed: SQLite's shared in-memory database cannot flush a table that a
    request thread is still reading. The page and the live server are set up first, so this runs
    its teardown before theirs."""
    if not {"page", "live_server"} <= set(request.fixturenames):
        yield
        return
    request.getfixturevalue("live_server")
    page = request.getfixturevalue("page")
    yield
    from playwright.sync_api import Error

    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except Error:
        pass  # a closed page or a slow request: the flush reports what is left


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and before it is dropped, no session left on it.

    The live server answers each browser request in a daemon thread with its own PostgreSQL
    session; a request still running when the run ends (a slow page on a loaded machine) keeps
    that session open, and PostgreSQL then refuses to drop the database ("is being accessed by
    other users"), failing a run whose tests all passed. The live server has stopped by now."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
