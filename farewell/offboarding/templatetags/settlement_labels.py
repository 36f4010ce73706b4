"""`recorded`: a label or citation stored in a frozen settlement sheet, in the reader's language.

The sheet keeps the Chinese strings settlement.py marks with gettext_noop (the record is the same whoever
reads it); a stored string the catalogue does not know (an engine citation, HR's basis for a deduction)
is shown as recorded.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from farewell.offboarding.settlement import shown_line_formula, shown_scope_source

register = template.Library()


@register.filter
def recorded(value) -> str:
    return gettext(value) if isinstance(value, str) and value else value


@register.filter
def exempt_source(value) -> str:
    """The exempt ceiling's source: the default text in the reader's language, HR's own text as written."""
    from farewell.offboarding.settlement_services import shown_exempt_source

    return shown_exempt_source(value)


@register.filter
def line_formula(line: dict, sheet: dict) -> str:
    """A sheet line's formula in the reader's language where it can be worded again
    (settlement.shown_line_formula), as recorded otherwise."""
    return shown_line_formula(line, sheet)


@register.filter
def scope_source(sheet: dict) -> str:
    """The sheet's severance scope source in the reader's language (settlement.shown_scope_source)."""
    return shown_scope_source(sheet)
