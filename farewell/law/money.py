"""Money: Decimal CNY, rounded half up to the fen once per item (prc_rules §7)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def round_half_up(amount: Decimal) -> Decimal:
    """Round to 0.01 CNY, half up (四舍五入), as each money item is rounded once at its end."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """round_half_up(numerator / denominator) to the fen, computed exactly (prc_rules §7).

    For non-negative values: fen = floor(100 × n / d + 1/2), in integers. An item worth exactly
    195,108.875 gives 195,108.88 however the fraction was reached.
    """
    n, n_den = numerator.as_integer_ratio()
    d, d_den = (denominator, 1) if type(denominator) is int else denominator.as_integer_ratio()
    # numerator / denominator = (n × d_den) / (n_den × d)
    top = n * d_den
    bottom = n_den * d
    return Decimal((200 * top + bottom) // (2 * bottom)).scaleb(-2)


def fmt(amount: Decimal) -> str:
    """Show an amount with two decimals, rounded half up (30000.00)."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def fmt_exact(amount: Decimal) -> str:
    """Show an intermediate value (an average, a daily wage) without pretending it is rounded."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == amount:
        return f"{rounded:.2f}"
    return f"{amount.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):.4f}…"


def fmt_number(value: Decimal | int) -> str:
    """Show N or a day count: 3, 3.5 (no trailing zeros)."""
    if isinstance(value, int):
        return str(value)
    normalized = value.normalize()
    return f"{normalized:f}"


def to_chinese_capital(amount: Decimal | int | float | str) -> str:
    """The amount in Chinese capitals for documents: 67875 → 陆万柒仟捌佰柒拾伍元整."""
    import cn2an  # imported on first use: 0.1 s the law CLI does not need to pay

    return cn2an.an2cn(f"{round_half_up(Decimal(str(amount))):.2f}", "rmb")
