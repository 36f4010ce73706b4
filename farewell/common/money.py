"""Money formatting: Decimal amounts in figures and in Chinese capitals (大写)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import cn2an
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .numbers import written_decimal

CENT = Decimal("0.01")
# The largest amount a form takes: what a 12-digit column with two decimals holds (wages, compensation,
# costs), below the 10^10 the law engine refuses (law/inputs.py).
MAX_AMOUNT = Decimal("9999999999.99")
# A local statistic (average or minimum monthly wage): its table's column holds 10 digits.
MAX_LOCAL_FIGURE = Decimal("99999999.99")


def to_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_money(value) -> Decimal:
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_cny(value) -> str:
    """¥67,875.00"""
    if value is None or value == "":
        return "—"
    return f"¥{round_money(value):,.2f}"


class WrittenDecimalField(forms.DecimalField):
    """A decimal field that reads a number as HR pastes it (common/numbers.written_decimal): full-width
    digits, ¥ and 元, and thousands separators grouping three digits ("2,345.60", "2 345.60"); what it
    cannot read without guessing ("2.345,60") is refused with the field named. A text box: the browser's
    number box drops "2,345.60" before the form is sent (the field arrived empty)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.label:
            self.error_messages["invalid"] = format_lazy(
                _("{label}：无法识别的数字，请写作 2345.60 或 2,345.60"), label=self.label)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            number = written_decimal(value)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return number
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not isinstance(widget, forms.NumberInput):
            attrs.setdefault("inputmode", "decimal")  # the numeric keyboard on a phone
        return attrs


def bound_amount(field: forms.DecimalField, maximum: Decimal = MAX_AMOUNT) -> forms.DecimalField:
    """A money field from 0 to `maximum` in fen, each error naming the field and its bound: Django's own
    (确认总共不超过 12 个数字, 确保该值小于或等于9999999999.99) name neither and count digits."""
    field.min_value, field.max_value, field.decimal_places, field.max_digits = Decimal(0), maximum, 2, None
    field.validators = [v for v in field.validators if not isinstance(v, (DecimalValidator, MaxValueValidator,
                                                                          MinValueValidator))]
    field.validators += [DecimalValidator(None, 2), MinValueValidator(0), MaxValueValidator(maximum)]
    if isinstance(field.widget, forms.NumberInput):
        field.widget.attrs.update({"min": "0", "max": str(maximum), "step": "0.01"})
    too_large = format_lazy(_("{label}不能超过 {max} 元"), label=field.label, max=f"{maximum:,.2f}")
    field.error_messages.update({
        "max_value": too_large, "max_digits": too_large, "max_whole_digits": too_large,
        "max_decimal_places": format_lazy(_("{label}最多两位小数（到分）"), label=field.label),
        "min_value": format_lazy(_("{label}不能为负数"), label=field.label),
    })
    return field


def grouped_formatter(places: int = 2) -> Callable[[object], str]:
    """Amounts in a table as the `amount` filter prints them in every language: 11,800.00, rounded half up,
    never "-0.00". Not floatformat:"2g": it follows the language's separator, and Chinese has none
    (11800.00 beside 11,800.00 elsewhere on the page). One function for a table: 120 filter calls on the
    employee page were 3.8 ms of the render (issue 14)."""
    exponent = Decimal(1).scaleb(-places)

    def format_(value) -> str:
        if value is None or value == "":
            return ""
        rounded = to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)
        return f"{rounded:,.{places}f}"

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
