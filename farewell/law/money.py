"""Money: Decimal CNY, rounded half up to the fen once per item (prc_rules §7)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
# The arithmetic context of `compute` (engine.py): sums and products of amounts below 10^10 are
# exact in 300 digits; every division is done once, exactly, in integers (round_ratio). The
# exponent bounds keep a value such as 1e-999999999 from becoming a 10^999999999 denominator:
# an operation rounds it to 10^-499 or so — no amount changes by a fen (README: nothing may hang).
EXACT = Context(prec=300, Emin=-200, Emax=200)
_plus = EXACT.plus


def round_half_up(amount: Decimal) -> Decimal:
    """Round to 0.01 CNY, half up (四舍五入), as each money item is rounded once at its end."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """round_half_up(numerator / denominator) to the fen, computed exactly (prc_rules §7).

    For non-negative values: fen = floor(100 × n / d + 1/2), in integers. An item worth exactly
    195,108.875 gives 195,108.88 however the fraction was reached.
    """
    n, n_den = _plus(numerator).as_integer_ratio()
    d, d_den = (denominator, 1) if type(denominator) is int else _plus(denominator).as_integer_ratio()
    # numerator / denominator = (n × d_den) / (n_den × d)
    top = n * d_den
    bottom = n_den * d
    # fen × 0.01: the same Decimal as Decimal(fen).scaleb(-2) (exponent -2, rounded alike), in one operation
    return CENT * ((200 * top + bottom) // (2 * bottom))


def fmt(amount: Decimal) -> str:
    """Show an amount with two decimals, rounded half up (30000.00)."""
    text = str(amount)
    if text[-3:-2] == ".":  # already two decimals, no exponent (every rounded item): as it is
        return text
    return str(amount.quantize(CENT, ROUND_HALF_UP))  # two decimals: never an exponent


_NUMBERS: dict[str, str] = {}  # N and day counts repeat: 3, 3.5, 12 … (batch budget)


def fmt_number(value: Decimal | int) -> str:
    """Show N or a day count: 3, 3.5 (no trailing zeros)."""
    if isinstance(value, int):
        return str(value)
    # keyed by the text, not the Decimal: hashing a new Decimal costs several times its str()
    text = str(value)
    shown = _NUMBERS.get(text)
    if shown is None:
        shown = f"{value.normalize(EXACT):f}"
        if len(_NUMBERS) < 10_000:
            _NUMBERS[text] = shown
    return shown


def to_chinese_capital(amount: Decimal | int | float | str) -> str:
    """The amount in Chinese capitals for documents: 67875 → 陆万柒仟捌佰柒拾伍元整."""
    import cn2an  # imported on first use: 0.1 s the law CLI does not need to pay

    return cn2an.an2cn(f"{round_half_up(Decimal(str(amount))):.2f}", "rmb")
