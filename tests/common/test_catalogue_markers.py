"""Strings marked for translation reach the English catalogue: makemessages (xgettext) knows Django's own
names only, so a marker imported under another name (`gettext_noop as N_`) marks nothing and every
`makemessages --no-obsolete` dropped those strings (seeded metric and workflow names read Chinese on
English pages)."""

from __future__ import annotations

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
