"""A bound on every free-text input: no form field may carry more than FAREWELL_MAX_TEXT_CHARS
characters (FAREWELL_LONG_TEXT_FIELDS names the few fields meant for long text, such as a
pasted transcript). Forms still set their own, tighter max_length; this is the floor under all
of them, so a comment box can never store megabytes. JSON bodies are bounded by Django's
DATA_UPLOAD_MAX_MEMORY_SIZE."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

DEFAULT_MAX_TEXT_CHARS = 20_000
# Each free-text form field states its own limit (issue 13), in the form and on the model it fills:
SEARCH_CHARS = 100  # a search box
SHORT_TEXT_CHARS = 2_000  # a reason, a comment, a note
LONG_TEXT_CHARS = 10_000  # a narrative: what was said in a talk or an interview, a plan's or template's text
LIST_TEXT_CHARS = 20_000  # one item per line: employee numbers, escalation phrases, checklist items
TRANSCRIPT_CHARS = 500_000  # a pasted transcript (FAREWELL_LONG_TEXT_FIELDS lets its field past the floor)


def _limit(name: str) -> int:
    long_fields = getattr(settings, "FAREWELL_LONG_TEXT_FIELDS", {})
    return long_fields.get(name, getattr(settings, "FAREWELL_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS))


class TextLengthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                  "multipart/form-data"):
            for name, values in request.POST.lists():
                limit = _limit(name)
                if any(len(value) > limit for value in values):
                    # The field's name, and the way back: the browser's back button returns to the form
                    # with what was typed still in it (a link would reload it empty).
                    message = _("“%(field)s”一项超过 %(limit)s 个字，请缩短后再提交。") % {"field": name, "limit": limit}
                    body = render_to_string("400.html", {"message": message, "back_hint": True}, request=request)
                    return HttpResponse(body, status=400)
        return self.get_response(request)
