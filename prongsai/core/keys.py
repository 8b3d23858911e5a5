"""Secret keys that must live outside the database and outside backups (audit anchors, backups).

A key comes from its setting (the environment variable, or the file named by NAME_FILE); when
none is set, as on a development machine, it is a random key generated once into the data
directory. Production sets it (docs/deploy), so a stolen database or archive cannot re-sign itself.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings


def key(name: str) -> bytes:
    """The key of setting `name` (e.g. "AUDIT_ANCHOR_KEY"), or the generated development key."""
    value = getattr(settings, name, "")
    if value:
        return value.encode()
    path = Path(settings.DATA_DIR) / "keys" / f"{name.lower()}.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:  # a hard link never replaces: two processes starting together keep the first key
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip().encode()
