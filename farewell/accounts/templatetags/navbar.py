"""`{% navbar %}`: the navigation bar of base.html, rendered once and kept in the process (issue 14).

Every signed-in page paid for rendering the same bar: the entries, two forms, the language menu, the
notification link, a dozen translations and URL reversals. What it shows depends only on the
language, the URLconf and script prefix, whether someone is signed in, their roles and which entry is
active; those are the key. Three things differ per request and are filled into the kept copy,
escaped exactly as the template escapes them: the CSRF token, the user's name, and the path the
language menu returns to. The kept copy is rendered with markers in their places; a marker is a NUL
byte around a letter, which no translation, URL or markup of the bar contains. It holds no data, only
what code and translations make (DESIGN keeps data out of process memory): every process builds the
same copies.
"""

from __future__ import annotations

import re

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from farewell.accounts import policy

register = template.Library()

TEMPLATE = "_navbar.html"
# Marker letter → what fills it per request.
CSRF, NAME, NEXT = "c", "n", "p"
MARKER = re.compile("\x00([cnp])\x00")
# False renders the bar afresh on every page, as base.html did (the tests compare the two).
KEEP = True
# Bounded: the key has a handful of values per deployment (2 languages × role sets × 14 entries).
MAX_KEPT = 1000
_kept: dict[tuple, tuple[str, ...]] = {}


def _marker(letter: str) -> str:
    return f"\x00{letter}\x00"


def navbar_key(context) -> tuple:
    """What the bar's HTML depends on besides the three per-request values."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return (
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
        context.get("LANGUAGE_CODE"),
        signed_in,
        frozenset(policy.roles_of(user)) if signed_in else frozenset(),
        tuple((item["url"], item["active"]) for item in context.get("nav_items") or ()),
    )


@register.simple_tag(takes_context=True)
def navbar(context) -> str:
    request, user, token = context.get("request"), context.get("user"), context.get("csrf_token")
    bar = context.template.engine.get_template(TEMPLATE)
    if not KEEP or request is None or user is None or not token or token == "NOTPROVIDED":
        # Rendered outside a request (or without CSRF): render it as it is, nothing kept.
        with context.push(nav_user_name=user, nav_next=request.get_full_path() if request else ""):
            return bar.render(context)
    key = navbar_key(context)
    parts = _kept.get(key)
    if parts is None:
        with context.push(csrf_token=_marker(CSRF), nav_user_name=_marker(NAME), nav_next=_marker(NEXT)):
            parts = tuple(MARKER.split(bar.render(context)))
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = parts
    # As the template escapes them: {% csrf_token %} and {{ user }}, {{ request.get_full_path }}.
    values = {CSRF: conditional_escape(token), NAME: conditional_escape(user),
              NEXT: conditional_escape(request.get_full_path())}
    return mark_safe("".join(values[part] if i % 2 else part for i, part in enumerate(parts)))
