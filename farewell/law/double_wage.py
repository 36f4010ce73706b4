"""Double wages for months without a written contract (LCL 82; Reg. 6, 7); prc_rules §5."""

from __future__ import annotations

from decimal import Decimal

from .citations import LCL, LCL_REG
from .i18n import texts
from .inputs import Input
from .money import ZERO, fmt, round_ratio

GRACE_MONTHS = 1  # LCL 82 ¶1, Reg. 6: 超过一个月不满一年 — the extra wage runs from the second month
MAX_EXTRA_MONTHS = 11  # Reg. 7: after one year the contract is deemed open-ended
CITATION = LCL + "第八十二条；" + LCL_REG + "第六条、第七条"

TEXTS = texts({
    "months": (
        "未订立书面劳动合同{months}个月，自第二个月起每月加付一倍工资，最多11个月 → {extra}个月",
        "{months} months without a written contract: one extra wage a month from the second month, "
        "at most 11 months → {extra} months",
    ),
    "amount": ("月平均工资 {total} ÷ {count} × {extra} = {amount}", "average monthly wage {total} ÷ {count} × {extra} = {amount}"),
    "zero": ("= 0.00", "= 0.00"),
})


def extra_months(no_written_contract_months: int) -> int:
    """min(months without a contract − 1, 11), never below 0."""
    return max(min(no_written_contract_months - GRACE_MONTHS, MAX_EXTRA_MONTHS), 0)


def double_wage(inp: Input, lang: str, wage_total: Decimal | None = None) -> tuple[Decimal, str]:
    """The extra wage: monthly average × extra months, exactly (wages checked by the caller when needed;
    `wage_total`: their sum, when the caller has it)."""
    months = inp.no_written_contract_months
    extra = extra_months(months)
    text = TEXTS[lang]["months"](months=months, extra=extra)
    wages = inp.monthly_wages
    if not extra:
        return ZERO, text + ("；" if lang != "en" else "; ") + TEXTS[lang]["zero"]()
    total = sum(wages) if wage_total is None else wage_total
    amount = round_ratio(total * extra, len(wages))
    return amount, text + ("；" if lang != "en" else "; ") + TEXTS[lang]["amount"](
        total=fmt(total), count=len(wages), extra=extra, amount=fmt(amount)
    )
