import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
application = get_wsgi_application()

# The youngest generation is collected after this many more allocations than deallocations of tracked
# objects (Python's default 700): a list page allocates several thousand that live until its response is
# sent, so at 700 a request ran ~0.6 young collections and, every ~200 requests, a full one (~60–150 ms
# inside one request on this machine, over what a worker built after gc.freeze: compiled templates, kept
# HTML). 5,000 with the older generations collected more rarely: GC CPU per list page 0.6 -> 0.2 ms and no
# full collection in 600 requests (benchmarks/page_cpu.py with a gc.callbacks probe, 100k bench, issue 14).
# Memory: at most a few thousand dead cycles wait a little longer.
GC_THRESHOLDS = (5000, 20, 100)


def _load_and_freeze() -> None:
    """Load the URLconf (and with it every view module) now rather than on the first request, then
    move every object alive at that point out of the garbage collector's reach (gc.freeze).

    A worker holds ~290,000 long-lived objects (modules, classes, templates, the URL resolver); each
    full collection walked them all, ~130 ms inside whichever request triggered it (2.6 ms a request
    on average on the employee page, issue 14). Frozen objects are still freed by reference counting;
    only the cycle collector stops scanning them."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 — the import of every urls/views module
    # Every resolver's reverse table and pattern regexes, for each language: built on a worker's first request
    # in that language otherwise (42 resolvers, ~90 ms of CPU inside that request), and frozen with the rest.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 — populates this language's tables
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


_load_and_freeze()
