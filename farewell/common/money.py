"""Money formatting: Decimal amounts in figures and in Chinese capitals (大写)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import cn2an

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


def chinese_capital(value) -> str:
    """67875 → 陆万柒仟捌佰柒拾伍元整 (how amounts are written on agreements)."""
    amount = round_money(value)
    if amount == 0:
        return "零元整"
    sign = "负" if amount < 0 else ""
    return sign + cn2an.an2cn(f"{abs(amount):.2f}", "rmb")
