"""The production static storage keeps each file's URL for the process (common/static_storage.py)."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from farewell.common.static_storage import ManifestStaticFilesStorage

MANIFEST = {"version": "1.1", "hash": "0", "paths": {"farewell/app.css": "farewell/app.0123456789ab.css",
                                                      "vendor/x y.js": "vendor/x y.fedcba987654.js"}}


@pytest.fixture
def root(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST))
    return tmp_path


@override_settings(DEBUG=False)
def test_it_gives_whitenoises_urls_and_reads_the_manifest_once_per_name(root, monkeypatch):
    ours = ManifestStaticFilesStorage(location=root, base_url="/static/")
    theirs = CompressedManifestStaticFilesStorage(location=root, base_url="/static/")
    looked_up = []
    original = ours.stored_name
    monkeypatch.setattr(ours, "stored_name", lambda name: looked_up.append(name) or original(name))
    for name in ("farewell/app.css", "vendor/x y.js", "farewell/app.css#top"):
        assert ours.url(name) == ours.url(name) == theirs.url(name)
    assert looked_up == ["farewell/app.css", "vendor/x y.js", "farewell/app.css"]  # the fragment looked up bare
    with pytest.raises(ValueError):  # not in the manifest: an error, as before, and nothing kept
        ours.url("missing.css")
    assert "missing.css" not in ours._urls


@override_settings(DEBUG=False)
def test_collectstatic_drops_the_kept_urls(root, monkeypatch):
    storage = ManifestStaticFilesStorage(location=root, base_url="/static/")
    assert storage.url("farewell/app.css") == "/static/farewell/app.0123456789ab.css"
    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "post_process",
                        lambda self, *a, **k: iter(self.hashed_files.update({"farewell/app.css": "farewell/app.new.css"})
                                                   or ()))
    list(storage.post_process({}))
    assert storage.url("farewell/app.css") == "/static/farewell/app.new.css"


def test_with_debug_on_nothing_is_kept(root):
    storage = ManifestStaticFilesStorage(location=root, base_url="/static/")
    with override_settings(DEBUG=True):
        assert storage.url("farewell/app.css") == "/static/farewell/app.css"
    assert storage._urls == {}
