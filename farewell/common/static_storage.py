"""The production static-files storage: WhiteNoise's, each file's URL worked out once per process (issue 14).

Every page names five static files in base.html (more with charts); each `{% static %}` looked the hashed
name up in the manifest and split, quoted and joined the URL again (~20 µs each). The manifest is read
once when the process starts and does not change while it runs, so a name's URL does not either: it is
kept by name. `collectstatic` (post_process) writes a new manifest: the kept URLs are dropped then.
With DEBUG on, Django serves unhashed names: nothing is kept.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)  # a name missing from the manifest raises, kept nowhere
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
