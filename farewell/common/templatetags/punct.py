"""Punctuation that follows the page's language.

Templates join translated words with punctuation of their own ("{% translate "提示" %}：…").
Chinese takes the full-width marks; English the ASCII ones with their spacing, so an English page
does not read "Note：…（Article 40）". Loaded as a template builtin (settings.TEMPLATES).
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

_MARKS = {
    "colon": ("：", ": "),
    "lparen": ("（", " ("),
    "rparen": ("）", ")"),
    "semicolon": ("；", "; "),
    "enumeration": ("、", ", "),  # between the items of a list (甲、乙、丙)
}


def _form() -> int:
    """0 for Chinese, 1 for the other languages: the index into each pair of _MARKS."""
    return 0 if (get_language() or "zh-hans").startswith("zh") else 1


def _mark(name: str) -> str:
    return _MARKS[name][_form()]


def marks() -> dict[str, str]:
    """Every mark by name ({"colon": "：", ...}) in the current language, for code that writes many strings:
    the language is looked up once (a context-local, a few µs a lookup), not once per mark."""
    form = _form()
    return {name: pair[form] for name, pair in _MARKS.items()}


@register.simple_tag
def colon() -> str:
    return _mark("colon")


@register.simple_tag
def lparen() -> str:
    return _mark("lparen")


@register.simple_tag
def rparen() -> str:
    return _mark("rparen")


@register.simple_tag
def semicolon() -> str:
    return _mark("semicolon")


@register.simple_tag
def enumeration_comma() -> str:
    return _mark("enumeration")
