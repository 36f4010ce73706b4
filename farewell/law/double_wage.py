"""Double wages for months without a written contract (LCL 82; Reg. 6, 7); prc_rules §5."""

from __future__ import annotations

from decimal import Decimal

from .citations import LCL, LCL_REG
from .inputs import Input
from .money import fmt, fmt_exact, round_half_up

GRACE_MONTHS = 1  # LCL 82 ¶1, Reg. 6: 超过一个月不满一年 — the extra wage runs from the second month
MAX_EXTRA_MONTHS = 11  # Reg. 7: after one year the contract is deemed open-ended
CITATION = LCL + "第八十二条；" + LCL_REG + "第六条、第七条"


def extra_months(no_written_contract_months: int) -> int:
    """min(months without a contract − 1, 11), never below 0."""
    return max(min(no_written_contract_months - GRACE_MONTHS, MAX_EXTRA_MONTHS), 0)


def double_wage(inp: Input, average: Decimal | None) -> tuple[Decimal | None, str]:
    """The extra wage: monthly average × extra months; None without the months or the wages."""
    months = inp.no_written_contract_months
    if months is None or average is None:
        return None, ""
    extra = extra_months(months)
    amount = round_half_up(average * extra)
    return amount, (
        f"未订立书面劳动合同{months}个月，自第二个月起每月加付一倍工资，最多11个月 → {extra}个月；"
        f"{fmt_exact(average)} × {extra} = {fmt(amount)}"
    )
