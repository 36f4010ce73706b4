"""farewell/wsgi.py: a worker loads every view module when it starts and freezes what it holds then
(issue 14: a full garbage collection over ~290,000 long-lived objects cost ~130 ms inside a request)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json, sys
import farewell.wsgi
from django.conf import settings
from django.urls import get_resolver
print(json.dumps({"languages": sorted(get_resolver()._reverse_dict), "wanted": sorted(c for c, _ in settings.LANGUAGES),
                  "frozen": gc.get_freeze_count(), "thresholds": gc.get_threshold(), "urls": "farewell.urls" in sys.modules,
                  "views": "farewell.cases.views" in sys.modules}))
"""


def test_the_wsgi_module_loads_the_urlconf_and_freezes_the_objects_alive_then():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "farewell.settings_test"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["urls"] and probe["views"]
    # The Django modules and the URL resolver alone are well over 50,000 objects.
    assert probe["frozen"] > 50_000
    # Young collections every 5,000 net allocations, not Python's 700 (a list page allocates thousands).
    assert probe["thresholds"] == [5000, 20, 100]
    # The URL tables of every language are built before the freeze, not inside a worker's first request.
    assert probe["languages"] == probe["wanted"]
