"""A whole number read from a query string or a form value, as Python's `str.isdigit()` does not: that
accepts "²" and "٣" (int() then raises) and any length (an id past the database's integers, a year past
9999, then fail in the query); and a decimal number as HR pastes it (written_decimal). Pure functions, no
Django."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# PostgreSQL's integer, the largest primary key or id a query may be given.
INTEGER_MAX = 2**31 - 1


def whole_number(value, *, most: int = INTEGER_MAX) -> int | None:
    """`value` as an int when it is a string of ASCII digits from 0 to `most`, else None."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > len(str(most)):
        return None
    number = int(value)
    return number if number <= most else None


# Longer text is no number anyone wrote (and "1e999999999" would cost a rounding its time).
WRITTEN_NUMBER_MAX_LENGTH = 60
# What a pasted amount may carry besides its digits: a currency sign before it, 元 after it.
_CURRENCY_PREFIXES = ("¥", "RMB", "CNY")
_CURRENCY_SUFFIX = "元"
# An amount as people write it in Chinese and English: plain (2345.60) or in groups of three digits separated
# by commas or by spaces (2,345.60 · 2 345.60), one separator throughout; at most one decimal point.
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?P<sep>[, ])\d{3}((?P=sep)\d{3})*(\.\d*)?")


def written_decimal(value: str) -> Decimal | None:
    """A number as HR pastes it, or None when it cannot be read without guessing.

    Full-width characters are folded (“２３４５．６０” → 2345.60, ￥ → ¥), a leading ¥/RMB/CNY and a trailing 元
    dropped, and thousands separators taken only where they group three digits: "2,345.60", "2 345.60" and
    "¥2,345.60" read as 2345.60, while "2.345,60" (a European decimal comma), "2,34" and "1,2,3" are None —
    reading them would be a guess (2.3456 or 2345.60?). One parser for the forms and the imports."""
    if len(value) > WRITTEN_NUMBER_MAX_LENGTH:
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    for prefix in _CURRENCY_PREFIXES:
        if text.upper().startswith(prefix):
            text = text[len(prefix):].strip()
            break
    text = text.removesuffix(_CURRENCY_SUFFIX).strip()
    text = re.sub(r"\s+", " ", text)  # a no-break or thin space between groups (NFKC leaves some)
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    if _GROUPED.fullmatch(text):
        return Decimal(text.replace(",", "").replace(" ", ""))
    return None
