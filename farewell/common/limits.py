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


def _form_classes(base: type) -> list[type]:
    """Every form class loaded in the process (the URLconf imported the views, the views their
    forms): common/ imports nothing of ours, it looks at what is there."""
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            found.append(cls)
            todo.append(cls)
    return found


def _app_of(module: str) -> str | None:
    """The Django app a module belongs to ("farewell.offboarding.views.handover" → offboarding)."""
    from django.apps import apps

    config = apps.get_containing_app_config(module)
    return config.label if config else None


def field_label(path: str, name: str, posted: set[str]) -> str:
    """The label the user saw for the posted field `name` on the page at `path`: the field of that
    name in the form the post came from. A class-based view names its form (`form_class`); else a
    form of the view's own app with most of the posted fields, or another app's form that has every
    posted field. The name itself when no such form has the field with a label (Django's login form
    sets its label only when built: `username`)."""
    from django import forms
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        view, app = None, None
    else:
        view = getattr(match.func, "view_class", match.func)
        app = _app_of(view.__module__)
    declared = getattr(view, "form_class", None)
    candidates = [declared] if declared is not None else _form_classes(forms.BaseForm)
    # A prefixed form's or a formset's field ("map-employee", "form-0-note") by its own name.
    names = [name] + ([name.rsplit("-", 1)[1]] if "-" in name else [])
    posted_bare = {p.rsplit("-", 1)[-1] for p in posted} - {"csrfmiddlewaretoken"}
    best, best_score = None, None
    for form in candidates:
        fields = getattr(form, "base_fields", {})
        field = next((fields[n] for n in names if n in fields), None)
        if field is None or not field.label:
            continue
        same_app = app is not None and _app_of(form.__module__) == app
        if declared is None and not same_app and not posted_bare <= set(fields):
            continue  # another app's form that merely shares a field name
        score = (same_app, len(posted_bare & set(fields)))
        if best_score is None or score > best_score:
            best, best_score = field.label, score
    return str(best) if best is not None else name


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
                    # The field's label as the form showed it, and the way back: the browser's back button returns to the form
                    # with what was typed still in it (a link would reload it empty).
                    label = field_label(request.path_info, name, set(request.POST))
                    message = _("“%(field)s”一项超过 %(limit)s 个字，请缩短后再提交。") % {"field": label, "limit": limit}
                    body = render_to_string("400.html", {"message": message, "back_hint": True}, request=request)
                    return HttpResponse(body, status=400)
        return self.get_response(request)
