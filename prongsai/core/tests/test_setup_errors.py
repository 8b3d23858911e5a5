"""Set-up mistakes give one clear sentence, never a stack trace."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from prongsai.env import parse_database_url


def run_prongsai(tmp_path, *args, **env):
    environ = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "DATABASE_URL": "", **env}
    return subprocess.run(
        [sys.executable, "-m", "prongsai", *args], capture_output=True, text=True, env=environ, timeout=120
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://u:p@h/db", "unknown scheme"),
        ("postgres://u:p@h:notaport/db", "port is not a number"),
        ("postgres://u:p@h:5432/", "no database name"),
        ("sqlite://", "no database file"),
    ],
)
def test_malformed_database_urls_are_explained(url, says):
    with pytest.raises(ImproperlyConfigured, match=says) as caught:
        parse_database_url(url)
    assert "DATABASE_URL ไม่ถูกต้อง" in str(caught.value)
    assert ":p@" not in str(caught.value), "the password must not be echoed"


def test_database_urls_parse():
    assert parse_database_url("postgres://app:s%40cret@db.local:6432/prongsai?sslmode=require") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "prongsai",
        "USER": "app",
        "PASSWORD": "s@cret",
        "HOST": "db.local",
        "PORT": "6432",
        "OPTIONS": {"sslmode": "require"},
    }
    assert (
        parse_database_url("sqlite:////var/lib/prongsai/db.sqlite3")["NAME"] == "/var/lib/prongsai/db.sqlite3"
    )


def test_the_command_line_explains_a_malformed_database_url(tmp_path):
    result = run_prongsai(tmp_path, "check", DATABASE_URL="postgres://u:pw@host:xx/db")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_the_command_line_explains_unapplied_migrations(tmp_path):
    result = run_prongsai(tmp_path, "demo")
    assert result.returncode == 2
    assert "prongsai migrate" in result.stderr and "Traceback" not in result.stderr


def test_a_page_explains_unapplied_migrations(tmp_path):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='prongsai.settings'; django.setup();"
        "from django.test import Client;"
        "r = Client(raise_request_exception=False, HTTP_HOST='localhost').get('/');"
        "print(r.status_code); print(r.content.decode())"
    )
    environ = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environ, timeout=120
    )
    status, _, body = result.stdout.partition("\n")
    assert status == "503"
    assert "prongsai migrate" in body and "Traceback" not in body


@pytest.mark.django_db  # lets a connection of its own open
def test_a_sqlite_database_writes_ahead_and_queues_its_writers(tmp_path):
    """Readers go on while a complaint is written, and a power cut loses no acknowledged write."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings = parse_database_url(f"sqlite:///{tmp_path}/prongsai.sqlite3")
    wrapper = DatabaseWrapper({**settings, "TIME_ZONE": None, "CONN_HEALTH_CHECKS": False, "CONN_MAX_AGE": 0,
                               "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False})  # fmt: skip
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()
