"""Texts worded when shown: what a row needs to put its text in the reader's language, kept as JSON.

A row that stores its human text worded at write time reads in the writer's language to every reader
(a notification the Chinese sweep wrote read Chinese on English pages). Such a row keeps the text's
parts instead — a message id and its values (`Words`), a list of parts joined (`Joined`) — and words
them again when shown, as the import jobs' titles are worded from their kind and the duties' citations
from their stored msgid. A value that is itself translatable (a step's kind, a document's kind) is kept
as its msgid, never as its Chinese label. What only the writing code can word (a law engine's message
stored with a run) is worded there once per language (`in_each_language`) and shown in the reader's.

The JSON: a string is a literal (a name, a comment someone typed: shown as written); {"m": msgid,
"p": {name: part}} a message (pgettext with "c"); {"j": [parts], "s": separator} or "k": a punctuation
mark's name (common/templatetags/punct.py); {"l": {language: text}} worded per language at write time.
Only `word()` reads it; a part it does not know is shown empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from .templatetags.punct import marks

Part = Any  # str | Words | Joined | EachLanguage | a lazy translation | a number, a date: see as_part()


class Words:
    """A message (its msgid, marked with gettext_noop so the catalogue has it) and its values, worded
    in the active language by str(); `as_json()` keeps it for later."""

    __slots__ = ("msgid", "params", "context")

    def __init__(self, msgid: str, /, *, context: str | None = None, **params: Part):
        self.msgid, self.context = msgid, context
        self.params = {name: as_part(value) for name, value in params.items()}

    def as_json(self) -> dict:
        node: dict = {"m": self.msgid}
        if self.params:
            node["p"] = {name: as_json(value) for name, value in self.params.items()}
        if self.context:
            node["c"] = self.context
        return node

    def __str__(self) -> str:
        return word(self.as_json())

    def __add__(self, other: Part) -> Joined:
        return Joined([self, other])

    def __radd__(self, other: Part) -> Joined:
        return Joined([other, self])

    def __repr__(self) -> str:
        return f"Words({self.as_json()!r})"


class Joined:
    """Parts one after another, with a separator between them: a literal, or a punctuation mark's name
    (`mark="enumeration"`: 、 in Chinese, ", " in English)."""

    __slots__ = ("parts", "sep", "mark")

    def __init__(self, parts: Iterable[Part], sep: str = "", *, mark: str | None = None):
        self.parts = [as_part(p) for p in parts]
        self.sep, self.mark = sep, mark

    def as_json(self) -> dict:
        node: dict = {"j": [as_json(p) for p in self.parts]}
        if self.mark:
            node["k"] = self.mark
        elif self.sep:
            node["s"] = self.sep
        return node

    def __str__(self) -> str:
        return word(self.as_json())

    def __add__(self, other: Part) -> Joined:
        return Joined([*self.parts, other]) if not (self.sep or self.mark) else Joined([self, other])

    def __radd__(self, other: Part) -> Joined:
        return Joined([other, self])


class EachLanguage:
    """A text worded once per configured language at write time (`in_each_language`)."""

    __slots__ = ("texts",)

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def as_json(self) -> dict:
        return {"l": dict(self.texts)}

    def __str__(self) -> str:
        return word(self.as_json())

    def __add__(self, other: Part) -> Joined:
        return Joined([self, other])

    def __radd__(self, other: Part) -> Joined:
        return Joined([other, self])


def in_each_language(build: Callable[[], Any]) -> EachLanguage:
    """`build()` worded in each of settings.LANGUAGES: for a text only its writer can word (stored engine
    messages, a summary of many records). Shown in the reader's language like the rest."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(build())
    return EachLanguage(texts)


def msgid_of(label: Promise) -> str:
    """The untranslated msgid of a lazy translation (a TextChoices label): with no language active,
    gettext gives the msgid back."""
    with translation.override(None):
        return str(label)


def choice(choices, value) -> Part:
    """A TextChoices value's label as a part: its msgid, worded when shown; a value not among the choices
    (a stored code since removed) as it is."""
    try:
        return as_part(choices(value).label)
    except ValueError:
        return str(value)


def as_part(value: Any) -> Part:
    """A value ready to keep: words as they are, a lazy translation as its msgid (worded when shown),
    anything else (a name, a number, a date) as its text, which no language changes."""
    if isinstance(value, Words | Joined | EachLanguage):
        return value
    if isinstance(value, Promise):
        return Words(msgid_of(value))
    return "" if value is None else str(value)


def as_json(value: Part) -> Any:
    return value if isinstance(value, str) else value.as_json()


def is_deferred(value: Any) -> bool:
    """True for what word() can put in another language later; a plain string is worded already."""
    return isinstance(value, Words | Joined | EachLanguage)


def _language_text(texts: dict) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if code in texts:
            return str(texts[code])
    return str(next(iter(texts.values()), ""))


def word(node: Any, _marks: dict | None = None) -> str:
    """A kept text (as_json()) worded in the active language."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return "" if node is None else str(node)
    if "m" in node:
        msgid = str(node["m"])
        text = translation.pgettext(node["c"], msgid) if node.get("c") else translation.gettext(msgid)
        params = node.get("p")
        if not params:
            return text
        values = {name: word(value, _marks) for name, value in params.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):  # a catalogue entry that lost a placeholder: the msgid
            try:
                return msgid % values
            except (KeyError, ValueError, TypeError):
                return msgid
    if "j" in node:
        if node.get("k"):
            _marks = _marks or marks()
            sep = _marks.get(node["k"], "")
        else:
            sep = str(node.get("s", ""))
        return sep.join(word(part, _marks) for part in node["j"])
    if "l" in node and isinstance(node["l"], dict):
        return _language_text(node["l"])
    return ""
