"""Money formatting: Decimal amounts in figures and in Chinese capitals (大写)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import cn2an
from django.utils import numberformat
from django.utils.formats import get_format

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_money(value) -> Decimal:
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_cny(value) -> str:
    """¥67,875.00"""
    if value is None or value == "":
        return "—"
    return f"¥{round_money(value):,.2f}"


def grouped_formatter(places: int = 2) -> Callable[[object], str]:
    """What the template filter `floatformat:"<places>g"` prints (the active language's separators and
    grouping), with those formats read once: for a table of amounts. On the employee page 120 filter
    calls (24 wage months) were 3.8 ms of the render (issue 14); this is a fifth of that."""
    decimal_sep, grouping = get_format("DECIMAL_SEPARATOR"), get_format("NUMBER_GROUPING")
    thousand_sep = get_format("THOUSAND_SEPARATOR")
    exponent = Decimal(1).scaleb(-places)

    def format_(value) -> str:
        if value is None or value == "":
            return ""
        rounded = to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # as the filter: no "-0.00"
        return numberformat.format(str(rounded), decimal_sep, places, grouping, thousand_sep, force_grouping=True,
                                   use_l10n=True)

    return format_


def chinese_capital(value) -> str:
    """67875 → 陆万柒仟捌佰柒拾伍元整 (how amounts are written on agreements)."""
    amount = round_money(value)
    if amount == 0:
        return "零元整"
    sign = "负" if amount < 0 else ""
    return sign + cn2an.an2cn(f"{abs(amount):.2f}", "rmb")


_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _below_thousand(n: int) -> str:
    words = []
    if n >= 100:
        words.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return " ".join(words)


def _integer_words(n: int) -> str:
    if n < 1000:
        return _below_thousand(n)
    for size, name in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + _integer_words(rest)
            return f"{_integer_words(head)} {name}{tail}"
    raise AssertionError("unreachable")


def english_words(value) -> str:
    """67875.5 → "sixty-seven thousand eight hundred and seventy-five yuan and fifty fen" (the English
    documents' counterpart of the 大写 amount)."""
    amount = round_money(value)
    sign = "minus " if amount < 0 else ""
    yuan, fen = divmod(int(abs(amount) * 100), 100)
    text = f"{_integer_words(yuan)} yuan"
    if fen:
        text += f" and {_integer_words(fen)} fen"
    return sign + text
