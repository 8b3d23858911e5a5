"""Typed readers for settings taken from the environment.

A malformed value stops start-up with a message in Thai and English that names the
variable, rather than a stack trace deep inside a database driver.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (systemd credentials, Docker secrets).

    The file form keeps the secret out of `/proc/<pid>/environ` and of env dumps; it wins over NAME.
    An unreadable file stops start-up with a message naming the variable, never a stack trace."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"อ่านไฟล์ {name}_FILE={path!r} ไม่ได้: {exc.strerror} "
                f"(cannot read {name}_FILE={path!r}: {exc.strerror})"
            ) from None
    return os.environ.get(name, default)


def env_str(name: str, default: str = "") -> str:
    """A string; like every setting it may also come from NAME_FILE (see env_secret)."""
    return env_secret(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"ค่า {name}={value!r} ไม่ถูกต้อง ต้องเป็น true หรือ false "
        f"({name}={value!r} is not a boolean: use true or false)"
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"ค่า {name}={value!r} ต้องเป็นจำนวนเต็ม ({name}={value!r} is not a whole number)"
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


# Every SQLite connection: writers queue (IMMEDIATE, with a timeout) instead of failing with
# "database is locked" on a small server, and write-ahead logging, so pages keep reading while a
# complaint or an import is written, and a commit appends to one log instead of rewriting a
# journal. `synchronous` stays FULL (SQLite's default): an acknowledged write survives a power cut.
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL"}

_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
}


def _bad_url(url: str, why_th: str, why_en: str, name: str = "DATABASE_URL") -> ImproperlyConfigured:
    shown = urlsplit(url)._replace(netloc="***") if "@" in url else url
    return ImproperlyConfigured(
        f"{name} ไม่ถูกต้อง: {why_th} ({name} is malformed: {why_en}). "
        f"ตัวอย่าง/example: postgres://user:password@127.0.0.1:5432/prongsai — got {shown!r}"
    )


def parse_database_url(url: str, *, variable: str = "DATABASE_URL") -> dict:
    """Turn `postgres://user:pw@host:port/name?opt=v` or `sqlite:///path` into Django's dict.

    `variable` names where the URL came from, for the error message."""
    parts = urlsplit(url)
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        raise _bad_url(url, "ชนิดฐานข้อมูลไม่รู้จัก", f"unknown scheme {parts.scheme!r}", variable)
    if engine.endswith("sqlite3"):
        # sqlite:////abs/path is absolute, sqlite:///rel/path is relative to the working directory
        path = parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")
        if not path:
            raise _bad_url(url, "ไม่ได้ระบุไฟล์", "no database file given", variable)
        options = {**SQLITE_OPTIONS, **dict(parse_qsl(parts.query))}
        return {"ENGINE": engine, "NAME": unquote(path), "OPTIONS": options}
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise _bad_url(url, "ไม่ได้ระบุชื่อฐานข้อมูล", "no database name given", variable)
    try:
        port = parts.port
    except ValueError:
        raise _bad_url(url, "หมายเลขพอร์ตผิด", "the port is not a number", variable) from None
    return {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
    }
