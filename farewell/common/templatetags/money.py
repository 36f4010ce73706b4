"""Money in templates: `{{ x|amount }}` → 67,875.00, `{{ x|cny }}` → ¥67,875.00, `{{ x|capital }}` → 陆万柒仟捌佰柒拾伍元整."""

from __future__ import annotations

from django import template

from farewell.common.money import chinese_capital, format_cny, grouped_formatter, round_money

register = template.Library()


@register.filter
def amount(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{round_money(value):,.2f}"


@register.filter
def cny(value) -> str:
    return format_cny(value)


@register.filter
def capital(value) -> str:
    if value is None or value == "":
        return ""
    return chinese_capital(value)


_WHOLE = grouped_formatter(0)


@register.filter
def whole_amount(value) -> str:
    """A yuan figure without fen (a cost in a report), grouped as `amount` groups: 1,234,568."""
    return _WHOLE(value)
