"""Uploaded files through Django's storage API, wherever they live: the local disk (or shared
storage mounted on every application server) or an S3-compatible object store (S3_BUCKET).

Code that needs a file on disk (renderers handing a picture to Chromium or python-docx) asks
`local_path`, which copies from an object store into a cache folder once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage


def local_path(name: str) -> Path:
    """A path on this machine holding the stored file `name`."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:  # object stores have no paths
        pass
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    cached = Path(settings.DATA_DIR) / "cache" / "storage" / hashlib.sha256(content).hexdigest()
    cached = cached.with_suffix(Path(name).suffix)
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(content)
    return cached


def stored_names(directory: str = "") -> Iterator[str]:
    """Every stored file's name, directories walked depth first, in a stable order."""
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for file in sorted(files):
        yield f"{directory}/{file}" if directory else file
    for folder in sorted(folders):
        yield from stored_names(f"{directory}/{folder}" if directory else folder)
