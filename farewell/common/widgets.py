"""Form widgets for the list pages' filter forms (issue 14): the same HTML as Django's, with less work.

Django renders each widget through its form renderer: a template for the widget, one for its
attributes and, for a <select>, one per <option>. On a list page's filter form that was a quarter
of the page's CPU. These widgets print the HTML Django's templates print (tests/common/test_list_pages.py
compares them) from Python, escaping every value as the templates' autoescaping does (`escape` is
`html.escape`); what they cannot print the same way (option groups, a multiple select) goes through
Django's templates as before.
"""

from __future__ import annotations

import copy
import html
import re
import threading
from collections import OrderedDict

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language

from . import language_caches

# The characters html.escape (quote=True) replaces: a string with none of them is printed as it is.
_SPECIAL = re.compile("[&<>\"']")


def text(value) -> str:
    """`value` as a template prints it: escaped unless it is already safe HTML. One search for the characters
    that need escaping before html.escape's five replacements: most cells (names, numbers, dates, labels) hold
    none, and a list page prints ~500 of them (issue 14: ~200 against ~470 ns a cell)."""
    if isinstance(value, SafeData):
        return str(value)
    value = str(value)
    return html.escape(value) if _SPECIAL.search(value) else value


def flat_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {text(name)}" if value is True else f' {text(name)}="{text(value)}"'
        for name, value in attrs.items() if value is not False
    )


class LeanInputMixin:
    """An <input> printed from the widget's context in Python (django/forms/widgets/input.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        shown = "" if value is None else f' value="{text(value)}"'
        return SafeString(f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{shown}'
                          f'{flat_attrs(widget["attrs"])}>')


class LeanTextInput(LeanInputMixin, forms.TextInput):
    pass


class LeanDateInput(LeanInputMixin, forms.DateInput):
    pass


class LeanCheckboxInput(LeanInputMixin, forms.CheckboxInput):
    pass


# The options of a select, by language, selected option and each option's value and label: a lazy
# translation (code: TextChoices, labels in the code) by its object, a plain string (data: a company's
# positions, read on every page) by its text → their HTML and the labels. A lazy label always translates
# to the same text in a language, and the entry holds its labels, so an id in a key cannot be reused by
# another object while the entry lives; a label read from the database is its own key, so a renamed,
# added or removed option is a new key, never a stale entry. Least recently used first out: at most
# OPTIONS_MAX entries and OPTIONS_MAX_CHARS characters of HTML (a company's long list of positions, once per
# selected value, would otherwise pile up), so choices built per request only push out each other.
_OPTIONS: OrderedDict[tuple, tuple[str, list]] = OrderedDict()
_OPTIONS_LOCK = threading.Lock()
_options_chars = 0
OPTIONS_MAX = 500
OPTIONS_MAX_CHARS = 2_000_000


def _remembered_options(key: tuple, choices: list, selected: int | None) -> str:
    """The options' HTML from _OPTIONS, printed and kept on a miss (the least recently used go past the caps)."""
    global _options_chars
    with _OPTIONS_LOCK:
        remembered = _OPTIONS.get(key)
        if remembered is not None:
            _OPTIONS.move_to_end(key)
            return remembered[0]
    html_text = _options(choices, selected)
    if len(html_text) > OPTIONS_MAX_CHARS:  # never kept: it would push out everything else
        return html_text
    with _OPTIONS_LOCK:
        if key not in _OPTIONS:
            _OPTIONS[key] = (html_text, [label for _v, label in choices])
            _options_chars += len(html_text)
            while len(_OPTIONS) > OPTIONS_MAX or _options_chars > OPTIONS_MAX_CHARS:
                _key, (dropped, _labels) = _OPTIONS.popitem(last=False)
                _options_chars -= len(dropped)
    return html_text


@language_caches.register
def clear_options() -> None:
    global _options_chars
    with _OPTIONS_LOCK:
        _OPTIONS.clear()
        _options_chars = 0


class LeanSelect(forms.Select):
    """A flat <select> whose options carry no attribute but `selected`, printed in Python once per
    language, choice and options (_OPTIONS)."""

    template_name = "common/widgets/select.html"  # option groups and multiple selects

    def __deepcopy__(self, memo):
        # A tuple of choices (LeanChoiceField's, written in the code) is shared by every copy of the form.
        if not isinstance(self.choices, tuple):
            return super().__deepcopy__(memo)
        widget = copy.copy(self)
        widget.attrs = self.attrs.copy()
        memo[id(self)] = widget
        return widget

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a model choice iterator for its len(), a COUNT query of its own.
        choices = [choice for choice in self.choices]
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        selected = next((i for i, (option, _label) in enumerate(choices) if str(option) in values), None)
        labels = tuple(id(label) if isinstance(label, Promise) else label if type(label) is str else None
                       for _value, label in choices)
        if None in labels:  # a label of another kind (safe HTML, a number): printed afresh
            options = _options(choices, selected)
        else:
            key = (get_language(), selected, tuple(str(option) for option, _label in choices), labels)
            options = _remembered_options(key, choices, selected)
        return SafeString(f'<select name="{text(name)}"{flat_attrs(self.build_attrs(self.attrs, attrs))}>'
                          f"{options}\n</select>")


class LeanChoiceField(forms.ChoiceField):
    """A choice among options written in the code (a TextChoices and an empty choice): kept as a tuple that
    every copy of the form shares. Django deep-copies each field's choices for every form it builds; for
    the case list's three selects that was ~0.2 ms of each page (issue 14). Choices set later (a list)
    are the field's own and copied as Django copies them."""

    widget = LeanSelect

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(choices=choices, **kwargs)
        self._choices = self.widget._choices = tuple(self.choices)  # past the setters, which make lists

    def __deepcopy__(self, memo):
        if not isinstance(self.choices, tuple):
            return super().__deepcopy__(memo)
        return forms.Field.__deepcopy__(self, memo)  # not ChoiceField's: the shared choices stay shared


def _options(choices: list, selected: int | None) -> str:
    return "".join(
        f'\n  <option value="{text(option)}"{" selected" if i == selected else ""}>{text(label)}</option>'
        for i, (option, label) in enumerate(choices)
    )
