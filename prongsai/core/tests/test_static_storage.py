"""Production's static storage gives whitenoise's addresses, each looked up once."""

import json

from prongsai.core.static_storage import StaticFiles


def test_addresses_are_the_manifests_and_kept(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "a.css").write_text("body{}")
    manifest = {"paths": {"core/a.css": "core/a.1234abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFiles(location=tmp_path, base_url="/static/")
    assert storage.url("core/a.css") == "/static/core/a.1234abcd.css"
    storage.hashed_files["core/a.css"] = "core/a.changed.css"  # what a second lookup would find
    assert storage.url("core/a.css") == "/static/core/a.1234abcd.css"
    assert storage.url("core/a.css", force=True) == "/static/core/a.changed.css"
