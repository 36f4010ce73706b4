"""Form widgets for the list pages' filter forms (issue 14): the same HTML as Django's, with less work.

Django renders each widget through its form renderer: a template for the widget, one for its
attributes and, for a <select>, one per <option>. On a list page's filter form that was a quarter
of the page's CPU. These widgets print the HTML Django's templates print (tests/common/test_list_pages.py
compares them) from Python, escaping every value as the templates' autoescaping does (`escape` is
`html.escape`); what they cannot print the same way (option groups, a multiple select) goes through
Django's templates as before.
"""

from __future__ import annotations

import html

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language


def text(value) -> str:
    """`value` as a template prints it: escaped unless it is already safe HTML."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


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


# The options of a select whose labels are all lazy translations (TextChoices, labels in the code):
# (language, selected option, each option's value and label object) → their HTML and the labels. A
# lazy label always translates to the same text in a language, and the entry holds its labels, so an
# id in a key cannot be reused by another object while the entry lives. Emptied when it grows past
# STATIC_OPTIONS_MAX (choices built per request would only ever miss).
_STATIC_OPTIONS: dict[tuple, tuple[str, list]] = {}
STATIC_OPTIONS_MAX = 500


class LeanSelect(forms.Select):
    """A flat <select> whose options carry no attribute but `selected`, printed in Python; the options
    of a select with only code-defined (translatable) labels are printed once per language and choice."""

    template_name = "common/widgets/select.html"  # option groups and multiple selects

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a model choice iterator for its len(), a COUNT query of its own.
        choices = [choice for choice in self.choices]
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        selected = next((i for i, (option, _label) in enumerate(choices) if str(option) in values), None)
        if all(isinstance(label, Promise) for _value, label in choices):
            key = (get_language(), selected, tuple((str(option), id(label)) for option, label in choices))
            remembered = _STATIC_OPTIONS.get(key)
            if remembered is None:
                if len(_STATIC_OPTIONS) >= STATIC_OPTIONS_MAX:
                    _STATIC_OPTIONS.clear()
                remembered = _STATIC_OPTIONS[key] = (_options(choices, selected), [label for _v, label in choices])
            options = remembered[0]
        else:
            options = _options(choices, selected)
        return SafeString(f'<select name="{text(name)}"{flat_attrs(self.build_attrs(self.attrs, attrs))}>'
                          f"{options}\n</select>")


def _options(choices: list, selected: int | None) -> str:
    return "".join(
        f'\n  <option value="{text(option)}"{" selected" if i == selected else ""}>{text(label)}</option>'
        for i, (option, label) in enumerate(choices)
    )
