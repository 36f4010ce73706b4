"""Strings marked for translation reach the English catalogue: makemessages (xgettext) knows Django's own
names only, so a marker imported under another name (`gettext_noop as N_`) marks nothing and every
`makemessages --no-obsolete` dropped those strings (seeded metric and workflow names read Chinese on
English pages)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

from farewell.records.metric_labels import SEEDED_NAMES, SEEDED_UNITS

SOURCE = Path(__file__).resolve().parents[2] / "farewell"
ALIASED = re.compile(r"import[^\n]*\b(gettext|gettext_lazy|gettext_noop|ngettext|pgettext)\s+as\s+(?!_\b)\w+")


def test_no_translation_marker_is_imported_under_a_name_xgettext_does_not_know():
    offenders = [f"{path.relative_to(SOURCE.parent)}: {match.group(0)}"
                 for path in SOURCE.rglob("*.py") for match in ALIASED.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_seeded_metric_names_and_units_are_translated():
    with translation.override("en"):
        untranslated = [text for text in SEEDED_NAMES | SEEDED_UNITS if translation.gettext(text) == text]
    assert untranslated == []



MARKERS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def _marked_in_fstrings(tree):
    """(line, context, msgid) of each marker call with a literal inside an f-string's braces. xgettext does not
    read f-string expressions: such a msgid stays in the catalogue only while another source (a template, a
    plain call) holds it too; `f"{_('输入部门名称搜索…')}"` lost its English when its template was deleted."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in MARKERS
                    and inner.args and all(isinstance(a, ast.Constant) for a in inner.args)):
                context = inner.args[0].value if inner.func.id.startswith("pgettext") else None
                yield inner.lineno, context, inner.args[-1].value


def test_every_marked_literal_inside_an_f_string_has_its_english():
    untranslated = []
    with translation.override("en"):
        for path in SOURCE.rglob("*.py"):
            for line, context, msgid in _marked_in_fstrings(ast.parse(path.read_text(encoding="utf-8"))):
                english = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if english == msgid:
                    untranslated.append(f"{path.relative_to(SOURCE.parent)}:{line}: {msgid}")
    assert untranslated == []


CALLS = MARKERS | {"gettext_noop", "ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}


def test_no_marker_is_called_inside_an_f_string():
    """xgettext cannot read an f-string's expressions: a marked string there is extracted only while some other
    source holds it too. The text goes into a plain call (`_("…%(name)s…") % {...}`) or a name read outside."""
    inside = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                inside += [f"{path.relative_to(SOURCE.parent)}:{inner.lineno}: {ast.unparse(inner)}"
                           for inner in ast.walk(node) if isinstance(inner, ast.Call) and (
                               getattr(inner.func, "id", None) in CALLS or getattr(inner.func, "attr", None) in CALLS)]
    assert inside == []
